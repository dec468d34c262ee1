from flask import Flask, request

from .files import report_bytes

app = Flask(__name__)


@app.route("/reports/pdf")
def report_pdf():
    data = report_bytes(request.args.get("period", "202401"))
    return data, 200, {"Content-Type": "application/pdf"}
