"""Partner API: a FastAPI service for order data and sales reports."""
import html
import os
import sqlite3

from fastapi import Depends, FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel

from .integrations import router as integrations_router
from .reports import build_report

app = FastAPI(title="Shop partner API")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
app.include_router(integrations_router)

DB_PATH = os.environ.get("SHOP_DB", "/var/lib/shop/shop.db")
REPORT_DIR = "/srv/shop/reports"


class ReviewPreview(BaseModel):
    author: str
    text: str
    rating: int


def get_db():
    conn = sqlite3.connect(DB_PATH)
    try:
        yield conn
    finally:
        conn.close()


def current_partner() -> str:
    return os.environ.get("PARTNER_ID", "demo")


@app.get("/orders")
def list_orders(status: str, db: sqlite3.Connection = Depends(get_db)):
    rows = db.execute(f"SELECT id, total, status FROM orders WHERE status = '{status}'").fetchall()
    return [{"id": r[0], "total": r[1], "status": r[2]} for r in rows]


@app.get("/orders/{order_id}")
def get_order(order_id: int, partner: str = Depends(current_partner), db: sqlite3.Connection = Depends(get_db)):
    row = db.execute("SELECT id, total, status FROM orders WHERE id = ? AND partner = ?", (order_id, partner)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    return {"id": row[0], "total": row[1], "status": row[2]}


@app.post("/reviews/preview", response_class=HTMLResponse)
def preview_review(review: ReviewPreview):
    stars = "★" * max(0, min(review.rating, 5))
    return HTMLResponse(f"<blockquote><p>{html.escape(review.text)}</p><cite>{html.escape(review.author)} {stars}</cite></blockquote>")


@app.post("/reports/{kind}")
def create_report(kind: str, month: str):
    path = build_report(kind, month)
    return {"report": os.path.basename(path)}


@app.get("/reports/download")
def download_report(name: str):
    return FileResponse(os.path.join(REPORT_DIR, name), media_type="text/csv")
