import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/stats")
def stats():
    period = request.args.get("period", "day")
    if period not in ("day", "week", "month"):
        period = "day"
    clause = f"created_at >= date('now', '-1 {period}')"
    conn = sqlite3.connect("metrics.db")
    # ok: sql-injection
    row = conn.execute("SELECT COUNT(*) FROM signups WHERE " + clause).fetchone()
    return jsonify(count=row[0])
