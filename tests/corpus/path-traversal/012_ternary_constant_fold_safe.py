import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/config/show")
def show_config():
    param = request.args.get("file", "")
    num = 106
    bar = "settings.ini" if (7 * 42) - num < 200 else param
    # ok: path-traversal
    with open(os.path.join("/etc/shop", bar)) as fh:
        return jsonify(config=fh.read())
