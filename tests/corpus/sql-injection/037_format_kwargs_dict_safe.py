import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)
QUERY = "SELECT id, name FROM suppliers WHERE country = '{country}' AND rating >= {rating}"


@app.route("/suppliers")
def suppliers():
    params = {"country": "DE", "rating": int(request.args.get("rating", "3"))}
    conn = psycopg2.connect("dbname=procurement")
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(QUERY.format(**params))
    return jsonify(cur.fetchall())
