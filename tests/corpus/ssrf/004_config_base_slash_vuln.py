import requests
from flask import Flask, current_app, jsonify, request

app = Flask(__name__)


@app.route("/stock")
def stock():
    sku = request.args["sku"]
    base = current_app.config["INVENTORY_URL"]
    # ruleid: ssrf
    reply = requests.get(base + sku, timeout=5)
    return jsonify(reply.json())
