import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


class YearlyReport:
    def __init__(self, year):
        self.year = int(year)

    def sql(self):
        return f"SELECT category, SUM(total) FROM invoices WHERE strftime('%Y', issued) = '{self.year}' GROUP BY category"


@app.route("/reports/yearly")
def yearly():
    report = YearlyReport(request.args.get("year", "2024"))
    conn = sqlite3.connect("billing.db")
    # ok: sql-injection
    rows = conn.execute(report.sql()).fetchall()
    return jsonify(dict(rows))
