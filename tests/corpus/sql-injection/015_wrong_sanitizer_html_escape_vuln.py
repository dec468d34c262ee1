import html
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/leaderboard")
def leaderboard():
    top = html.escape(request.args.get("top", "10"))
    conn = sqlite3.connect("game.db")
    # ruleid: sql-injection
    rows = conn.execute("SELECT player, score FROM scores ORDER BY score DESC LIMIT " + top).fetchall()
    return jsonify(rows)
