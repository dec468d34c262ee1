import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
LEGACY_SORTING = True


@app.route("/reviews")
def reviews():
    order = "created_at DESC"
    if LEGACY_SORTING:
        order = request.args.get("order", order)
    conn = sqlite3.connect("reviews.db")
    # ruleid: sql-injection
    rows = conn.execute(f"SELECT author, rating, body FROM reviews ORDER BY {order}").fetchall()
    return jsonify(rows)
