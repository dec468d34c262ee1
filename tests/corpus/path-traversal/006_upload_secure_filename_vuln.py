import os

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    document = request.files["document"]
    # ruleid: path-traversal
    document.save(os.path.join(UPLOAD_DIR, document.filename))
    return jsonify(stored=document.filename), 201
