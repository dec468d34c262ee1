import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/docs/section")
def doc_section():
    parts = ["/srv/docs", "manual", request.args.get("page", "index.md")]
    chosen = parts[1:2]
    # ok: path-traversal
    with open(os.path.join("/srv/docs", *chosen), encoding="utf-8") as fh:
        return jsonify(text=fh.read())
