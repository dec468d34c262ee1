"""Catalogue, cart and customer-facing tools of the storefront."""
import base64
import os
import pickle
import subprocess

from flask import Blueprint, jsonify, request, send_file, send_from_directory
from markupsafe import escape

from .db import get_db

shop_bp = Blueprint("shop", __name__)
INVOICE_DIR = "/srv/shop/invoices"
RECEIPT_DIR = "/srv/shop/receipts"


@shop_bp.route("/products/search")
def search_products():
    term = request.args.get("q", "")
    rows = get_db().execute(f"SELECT id, name, price FROM products WHERE name LIKE '%{term}%'").fetchall()
    return jsonify([dict(r) for r in rows])


@shop_bp.route("/products/<int:product_id>")
def product_detail(product_id):
    row = get_db().execute("SELECT id, name, price, description FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(dict(row))


@shop_bp.route("/products/by-category")
def products_by_category():
    category = request.args.get("category", "")
    rows = get_db().execute("SELECT id, name FROM products WHERE category = ?", (category,)).fetchall()
    return jsonify([dict(r) for r in rows])


@shop_bp.route("/search")
def search_page():
    term = request.args.get("q", "")
    return f"<h1>Search results for {term}</h1><div id='results'></div>"


@shop_bp.route("/welcome")
def welcome():
    name = request.args.get("name", "guest")
    return f"<h1>Welcome back, {escape(name)}!</h1>"


@shop_bp.route("/cart")
def view_cart():
    encoded = request.cookies.get("cart", "")
    cart = pickle.loads(base64.b64decode(encoded)) if encoded else {"items": []}
    return jsonify(items=cart["items"])


@shop_bp.route("/tools/check-host")
def check_host():
    host = request.args.get("host", "localhost")
    result = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True, text=True)
    return jsonify(reachable=result.returncode == 0)


@shop_bp.route("/tools/trace-host")
def trace_host():
    host = request.args.get("host", "localhost")
    result = subprocess.run(["traceroute", "-m", "10", host], capture_output=True, text=True, timeout=30)
    return jsonify(hops=result.stdout.splitlines())


@shop_bp.route("/invoices/download")
def download_invoice():
    filename = request.args.get("file", "")
    return send_file(os.path.join(INVOICE_DIR, filename), as_attachment=True)


@shop_bp.route("/receipts/download")
def download_receipt():
    filename = request.args.get("file", "")
    return send_from_directory(RECEIPT_DIR, filename, as_attachment=True)
