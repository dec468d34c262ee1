import os

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    document = request.files["document"]
    # ok: path-traversal
    document.save(os.path.join(UPLOAD_DIR, secure_filename(document.filename)))
    return jsonify(stored=document.filename), 201
