import base64
import json
import pickle
from urllib.parse import unquote

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/checkout/resume")
def resume():
    state = base64.urlsafe_b64decode(unquote(request.args.get("state", "")))
    # ruleid: unsafe-deserialization
    checkout = pickle.loads(state)
    return jsonify(step=checkout["step"])
