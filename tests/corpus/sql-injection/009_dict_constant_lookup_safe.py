import psycopg2

from flask import Flask, jsonify, request

app = Flask(__name__)
SORT_COLUMNS = {"newest": "created_at DESC", "price": "price ASC", "rating": "rating DESC"}


@app.route("/catalog")
def catalog():
    key = request.args.get("order", "newest")
    order_clause = SORT_COLUMNS.get(key, "created_at DESC")
    conn = psycopg2.connect("dbname=shop user=web")
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute("SELECT id, title, price FROM items ORDER BY " + order_clause)
    return jsonify(cur.fetchall())
