import pymysql

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/reports/sales")
def sales_report():
    region = request.form.get("region", "")
    mode = 3
    if mode == 1:
        scope = "all"
    elif mode == 3:
        scope = region
    else:
        scope = "emea"
    conn = pymysql.connect(host="db", user="reports", password="reports", database="sales")
    with conn.cursor() as cur:
        # ruleid: sql-injection
        cur.execute("SELECT month, SUM(amount) FROM sales WHERE region = '%s' GROUP BY month" % scope)
        data = cur.fetchall()
    return jsonify(data)
