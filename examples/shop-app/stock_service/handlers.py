"""Request handlers: each receives the request and reads the SKU, shelf or label from its URL."""
import html
import os

import asyncpg
from aiohttp import web

LABEL_DIR = "/srv/stock/labels"


async def stock_level(request: web.Request) -> web.Response:
    sku = request.match_info["sku"]
    warehouse = request.query.get("warehouse", "main")
    conn = await asyncpg.connect(request.app["dsn"])
    try:
        row = await conn.fetchrow(f"SELECT quantity FROM stock WHERE sku = '{sku}' AND warehouse = '{warehouse}'")
    finally:
        await conn.close()
    return web.json_response({"sku": sku, "quantity": row["quantity"] if row else 0})


async def stock_history(request: web.Request) -> web.Response:
    sku = request.match_info["sku"]
    conn = await asyncpg.connect(request.app["dsn"])
    try:
        rows = await conn.fetch("SELECT moved_at, delta FROM movements WHERE sku = $1 ORDER BY moved_at", sku)
    finally:
        await conn.close()
    return web.json_response([{"at": r["moved_at"].isoformat(), "delta": r["delta"]} for r in rows])


async def shelf_page(request: web.Request) -> web.Response:
    shelf = request.match_info["shelf"]
    picker = request.query.get("picker", "")
    greeting = f"<p>Picker: {html.escape(picker)}</p>"
    return web.Response(text=f"<h1>Shelf {shelf}</h1>{greeting}", content_type="text/html")


async def shelf_label(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    if not name.isalnum():
        raise web.HTTPBadRequest(text="label names are letters and digits")
    return web.FileResponse(os.path.join(LABEL_DIR, name + ".pdf"))
