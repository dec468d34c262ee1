import os

from flask import Flask, jsonify, request

app = Flask(__name__)
NOTES_DIR = "/srv/notes"


@app.route("/notes")
def read_note():
    name = request.args.get("name", "")
    # ruleid: path-traversal
    with open(os.path.join(NOTES_DIR, name), encoding="utf-8") as fh:
        return jsonify(content=fh.read())
