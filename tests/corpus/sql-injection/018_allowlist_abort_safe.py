import sqlite3

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_COLUMNS = {"name", "price", "created_at"}


@app.route("/products")
def products():
    column = request.args.get("sort", "name")
    if column not in ALLOWED_COLUMNS:
        abort(400)
    conn = sqlite3.connect("shop.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT id, name, price FROM products ORDER BY {column}").fetchall()
    return jsonify(rows)
