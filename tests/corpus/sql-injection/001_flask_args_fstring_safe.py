import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
DB_PATH = "/var/lib/shop/shop.db"


@app.route("/customers")
def find_customer():
    name = request.args.get("name", "")
    conn = sqlite3.connect(DB_PATH)
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute("SELECT id, name, email FROM customers WHERE name = ?", (name,))
    rows = cur.fetchall()
    conn.close()
    return jsonify([{"id": r[0], "name": r[1], "email": r[2]} for r in rows])
