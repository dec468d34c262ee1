import json

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/settings/import", methods=["POST"])
def import_settings():
    text = request.get_data(as_text=True)
    try:
        settings = json.loads(text)
    except ValueError:
        # ok: unsafe-deserialization
        settings = yaml.load(text, Loader=yaml.SafeLoader)
    return jsonify(settings)
