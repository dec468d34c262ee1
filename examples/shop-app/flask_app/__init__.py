"""The storefront: a Flask app serving the catalogue, cart, uploads and the admin area."""
import os

from flask import Flask
from flask_cors import CORS

from .account import account_bp
from .admin import admin_bp
from .db import close_db
from .remember import remember_bp
from .routes import shop_bp
from .uploads import uploads_bp

ALLOWED_ORIGINS = ["https://shop.example.com", "https://admin.shop.example.com"]


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["DATABASE"] = os.environ.get("SHOP_DB", "/var/lib/shop/shop.db")
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    CORS(app, origins=ALLOWED_ORIGINS, supports_credentials=True)
    app.register_blueprint(shop_bp)
    app.register_blueprint(uploads_bp, url_prefix="/uploads")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(remember_bp, url_prefix="/account")
    app.teardown_appcontext(close_db)
    return app
