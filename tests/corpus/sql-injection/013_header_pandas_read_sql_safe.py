import pandas as pd
from flask import Flask, request
from sqlalchemy import create_engine

app = Flask(__name__)
engine = create_engine("postgresql://billing@db/billing")


@app.route("/invoices.csv")
def invoices_csv():
    tenant = request.headers.get("X-Tenant-Id", "")
    # ok: sql-injection
    frame = pd.read_sql("SELECT number, total, issued FROM invoices WHERE tenant = %(tenant)s", engine, params={"tenant": tenant})
    return frame.to_csv(index=False), 200, {"Content-Type": "text/csv"}
