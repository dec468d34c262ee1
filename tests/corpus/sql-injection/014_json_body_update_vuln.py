import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/orders/<int:order_id>/status", methods=["PUT"])
def update_status(order_id):
    payload = request.get_json()
    status = payload["status"]
    conn = psycopg2.connect("dbname=shop")
    with conn, conn.cursor() as cur:
        # ruleid: sql-injection
        cur.execute("UPDATE orders SET status = '%s' WHERE id = %s" % (status, order_id))
    return jsonify(ok=True)
