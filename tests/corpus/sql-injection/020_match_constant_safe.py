import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/history")
def history():
    customer = request.values.get("customer", "")
    view = "archive"
    match view:
        case "live":
            table = customer
        case "archive":
            table = "orders_archive"
        case _:
            table = "orders"
    conn = sqlite3.connect("shop.db")
    # ok: sql-injection
    rows = conn.execute("SELECT id, total FROM " + table + " ORDER BY id DESC LIMIT 50").fetchall()
    return jsonify(rows)
