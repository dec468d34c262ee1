import re

from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)


@app.route("/nickname", methods=["POST"])
def nickname():
    name = request.form["nickname"]
    if not re.search(r"[A-Za-z0-9_]{3,}", name):
        abort(400)
    # ruleid: trust-boundary
    session["nickname"] = name
    return jsonify(nickname=name)
