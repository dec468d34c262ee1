import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tags", methods=["POST"])
def add_tags():
    post_id = int(request.form["post_id"])
    tags = request.form.getlist("tag")
    conn = sqlite3.connect("blog.db")
    # ok: sql-injection
    conn.executemany(f"INSERT INTO post_tags (post_id, tag) VALUES ({post_id}, ?)", [(t,) for t in tags])
    conn.commit()
    return jsonify(added=len(tags))
