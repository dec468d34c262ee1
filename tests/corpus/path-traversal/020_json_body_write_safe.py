import os

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route("/snippets", methods=["POST"])
def save_snippet():
    body = request.get_json()
    name = secure_filename(body.get("name", "snippet.txt"))
    # ok: path-traversal
    with open(os.path.join("/srv/snippets", name), "w", encoding="utf-8") as fh:
        fh.write(body.get("content", ""))
    return jsonify(saved=name), 201
