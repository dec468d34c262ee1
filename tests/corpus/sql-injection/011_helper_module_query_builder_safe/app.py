import sqlite3

from flask import Flask, jsonify, request

from .queries import search_query

app = Flask(__name__)
SEARCH_FIELDS = {"title": "title", "author": "author_name", "isbn": "isbn"}


@app.route("/books/search", methods=["POST"])
def search_books():
    field = SEARCH_FIELDS.get(request.form.get("field", ""), "title")
    term = request.form["q"]
    conn = sqlite3.connect("library.db")
    # ok: sql-injection
    rows = conn.execute(search_query(field), (f"%{term}%",)).fetchall()
    return jsonify(rows)
