import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/warehouse/stock")
def stock():
    columns = [request.args.get("column", "qty"), "sku"]
    columns.insert(0, "location")
    chosen = columns[1]
    conn = sqlite3.connect("warehouse.db")
    # ruleid: sql-injection
    rows = conn.execute(f"SELECT sku, {chosen} FROM stock").fetchall()
    return jsonify(rows)
