import os

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ROOT = os.path.abspath("/srv/public")


@app.route("/public/read")
def read_public():
    candidate = os.path.abspath(os.path.join(ROOT, request.args.get("path", "")))
    if not candidate.startswith(ROOT + os.sep):
        app.logger.info("outside public root: %s", candidate)
    # ruleid: path-traversal
    with open(candidate, encoding="utf-8") as fh:
        return jsonify(text=fh.read())
