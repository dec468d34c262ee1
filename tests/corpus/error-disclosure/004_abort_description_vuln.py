import requests
from flask import Flask, abort

app = Flask(__name__)


@app.route("/rates")
def rates():
    try:
        reply = requests.get("http://rates.internal:8080/today", timeout=3)
        reply.raise_for_status()
    except requests.RequestException as exc:
        # ruleid: error-disclosure
        abort(502, description=f"rates service failed: {exc}")
    return reply.json()
