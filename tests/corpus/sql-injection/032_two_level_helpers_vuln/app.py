import sqlite3

from flask import Flask, jsonify, request

from .service import orders_query

app = Flask(__name__)
STATUSES = ("new", "paid", "shipped")


@app.route("/orders")
def orders():
    status = request.args.get("status", "new")
    conn = sqlite3.connect("shop.db")
    # ruleid: sql-injection
    rows = conn.execute(orders_query(status)).fetchall()
    return jsonify(rows)
