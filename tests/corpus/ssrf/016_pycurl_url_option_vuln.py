from io import BytesIO

import pycurl
from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch/report")
def fetch_report():
    report = request.args["report"]
    buffer = BytesIO()
    curl = pycurl.Curl()
    # ruleid: ssrf
    curl.setopt(pycurl.URL, report)
    curl.setopt(pycurl.WRITEDATA, buffer)
    curl.perform()
    return {"length": len(buffer.getvalue())}
