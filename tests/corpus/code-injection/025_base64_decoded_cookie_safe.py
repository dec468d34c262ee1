import base64
import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/widgets")
def widgets():
    layout = base64.b64decode(request.cookies.get("layout", "e30=")).decode()
    # ok: code-injection
    config = json.loads(layout)
    return jsonify(columns=config.get("columns", 2))
