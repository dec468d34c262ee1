import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/drafts/current")
def current_draft():
    draft = os.path.basename(request.cookies.get("draft", "untitled.md"))
    # ok: path-traversal
    with open(f"/srv/drafts/{draft}", encoding="utf-8") as fh:
        return jsonify(draft=fh.read())
