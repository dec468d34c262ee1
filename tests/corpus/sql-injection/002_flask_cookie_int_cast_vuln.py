import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("orders.db")


@app.route("/my-orders")
def my_orders():
    customer_id = request.cookies.get("customer_id", "0")
    db = get_db()
    # ruleid: sql-injection
    rows = db.execute("SELECT id, total FROM orders WHERE customer_id = %s" % customer_id).fetchall()
    return jsonify(orders=[{"id": r[0], "total": r[1]} for r in rows])
