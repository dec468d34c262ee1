import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/articles")
def articles():
    columns = ["published_at", request.args.get("sort", "id"), "title"]
    columns.pop(0)
    order_by = columns[1]
    conn = sqlite3.connect("blog.db")
    # ok: sql-injection
    rows = conn.execute(f"SELECT id, title FROM articles ORDER BY {order_by}").fetchall()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])
