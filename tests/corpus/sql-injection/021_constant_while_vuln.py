import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/coupons")
def coupons():
    code = request.args.get("code", "")
    lookup = "WELCOME10"
    retries = 0
    while retries < 1:
        lookup = code
        retries += 1
    conn = sqlite3.connect("promo.db")
    # ruleid: sql-injection
    row = conn.execute("SELECT discount FROM coupons WHERE code = '%s'" % lookup).fetchone()
    return jsonify(discount=row[0] if row else 0)
