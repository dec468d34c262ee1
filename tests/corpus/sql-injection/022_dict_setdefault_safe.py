import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tickets")
def tickets():
    filters = {"status": "open"}
    filters.setdefault("status", request.args.get("status"))
    conn = sqlite3.connect("helpdesk.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT id, subject FROM tickets WHERE status = '{filters['status']}'").fetchall()
    return jsonify(rows)
