import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/stores/<slug>/hours")
def store_hours(slug):
    store = request.view_args["slug"]
    conn = sqlite3.connect("stores.db")
    # ok: sql-injection
    row = conn.execute("SELECT opens, closes FROM stores WHERE slug = ?", (store,)).fetchone()
    return jsonify(opens=row[0], closes=row[1])
