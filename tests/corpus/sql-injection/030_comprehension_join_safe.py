import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/batch")
def product_batch():
    ids = [str(int(part)) for part in request.args.get("ids", "").split(",") if part]
    conn = sqlite3.connect("shop.db")
    # ok: sql-injection
    rows = conn.execute("SELECT id, name FROM products WHERE id IN (" + ",".join(ids) + ")").fetchall()
    return jsonify(rows)
