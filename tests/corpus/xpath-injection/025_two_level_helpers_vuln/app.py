from flask import Flask, jsonify, request

from .lookup import find_assets

app = Flask(__name__)
TAGS = {"laptop", "monitor", "phone"}


@app.route("/assets")
def assets():
    tag = request.args.get("tag", "laptop")
    return jsonify(find_assets(tag))
