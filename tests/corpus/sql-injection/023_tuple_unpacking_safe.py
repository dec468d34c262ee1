import MySQLdb
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/shipments")
def shipments():
    carrier, country = request.args.get("carrier", ""), "DE"
    db = MySQLdb.connect(host="db", user="logistics", passwd="logistics", db="logistics")
    cur = db.cursor()
    # ok: sql-injection
    cur.execute("SELECT id, eta FROM shipments WHERE country = '%s'" % country)
    return jsonify(cur.fetchall())
