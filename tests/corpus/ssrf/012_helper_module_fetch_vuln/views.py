from flask import Flask, jsonify, request

from .client import fetch_json

app = Flask(__name__)


@app.route("/partner/data")
def partner_data():
    return jsonify(fetch_json(request.args["resource"]))
