import base64
import json

import dill
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tasks", methods=["POST"])
def submit_task():
    body = request.get_json()
    # ruleid: unsafe-deserialization
    task = dill.loads(base64.b64decode(body["task"]))
    return jsonify(name=getattr(task, "__name__", "task"))
