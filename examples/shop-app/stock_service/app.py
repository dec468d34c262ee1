"""Application factory: routes are registered on the router in a setup function."""
from aiohttp import web

from . import handlers


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/stock/{sku}", handlers.stock_level)
    app.router.add_get("/stock/{sku}/history", handlers.stock_history)
    app.router.add_get("/shelves/{shelf}", handlers.shelf_page)
    app.router.add_get("/labels/{name}", handlers.shelf_label)


def create_app() -> web.Application:
    app = web.Application()
    app["dsn"] = "postgresql://stock@db/stock"
    setup_routes(app)
    return app
