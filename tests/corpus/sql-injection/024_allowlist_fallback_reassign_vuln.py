import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/stats")
def stats():
    period = request.args.get("period", "day")
    if period not in ("day", "week", "month"):
        app.logger.info("unknown period %s", period)
    clause = f"created_at >= date('now', '-1 {period}')"
    conn = sqlite3.connect("metrics.db")
    # ruleid: sql-injection
    row = conn.execute("SELECT COUNT(*) FROM signups WHERE " + clause).fetchone()
    return jsonify(count=row[0])
