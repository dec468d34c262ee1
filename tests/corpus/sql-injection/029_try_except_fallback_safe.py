import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/feed")
def feed():
    raw = request.args.get("page", "1")
    try:
        page = int(raw)
    except ValueError:
        page = 1
    conn = sqlite3.connect("feed.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT id, body FROM posts ORDER BY id DESC LIMIT 20 OFFSET {page} * 20").fetchall()
    return jsonify(rows)
