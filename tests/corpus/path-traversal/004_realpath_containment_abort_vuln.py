import os

from flask import Flask, abort, request

app = Flask(__name__)
BASE_DIR = os.path.realpath("/srv/static/docs")


@app.route("/docs/raw")
def raw_doc():
    requested = request.args.get("path", "")
    full = os.path.realpath(os.path.join(BASE_DIR, requested))
    if not full.startswith(BASE_DIR + os.sep):
        app.logger.warning("path outside docs: %s", full)
    # ruleid: path-traversal
    with open(full, "rb") as fh:
        return fh.read(), 200, {"Content-Type": "text/plain; charset=utf-8"}
