import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/products/columns")
def product_columns():
    fields = ["id", "name", request.args.get("extra", "price")]
    selected = fields[1:]
    conn = sqlite3.connect("shop.db")
    # ruleid: sql-injection
    rows = conn.execute("SELECT " + ", ".join(selected) + " FROM products").fetchall()
    return jsonify(rows)
