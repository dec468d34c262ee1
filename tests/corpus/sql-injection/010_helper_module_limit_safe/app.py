import sqlite3

from flask import Flask, jsonify, request

from .helpers import normalize_limit

app = Flask(__name__)


@app.route("/events")
def recent_events():
    limit = normalize_limit(request.args.get("limit", "20"))
    conn = sqlite3.connect("audit.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT ts, actor, action FROM events ORDER BY ts DESC LIMIT {limit}").fetchall()
    return jsonify(rows)
