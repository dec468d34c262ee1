import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/inventory")
def inventory():
    param = request.args.get("warehouse", "")
    num = 106
    bar = "main" if (7 * 42) - num > 200 else param
    conn = sqlite3.connect("inventory.db")
    # ruleid: sql-injection
    rows = conn.execute("SELECT sku, qty FROM stock WHERE warehouse = '" + bar + "'").fetchall()
    return jsonify(dict(rows))
