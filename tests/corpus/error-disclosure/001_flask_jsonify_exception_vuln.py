import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/orders", methods=["POST"])
def create_order():
    try:
        with sqlite3.connect("shop.db") as db:
            db.execute("INSERT INTO orders (sku) VALUES (?)", (request.form["sku"],))
    except sqlite3.Error as exc:
        # ruleid: error-disclosure
        return jsonify(error=str(exc)), 500
    return jsonify(created=True), 201
