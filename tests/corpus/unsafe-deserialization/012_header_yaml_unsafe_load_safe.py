import base64

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/feature-flags")
def feature_flags():
    raw = base64.b64decode(request.headers.get("X-Flags", ""))
    # ok: unsafe-deserialization
    flags = yaml.safe_load(raw)
    return jsonify(flags=flags)
