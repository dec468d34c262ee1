import base64
import json

import dill
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tasks", methods=["POST"])
def submit_task():
    body = request.get_json()
    # ok: unsafe-deserialization
    task = json.loads(base64.b64decode(body["task"]))
    return jsonify(name=getattr(task, "__name__", "task"))
