import re

from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)


@app.route("/nickname", methods=["POST"])
def nickname():
    name = request.form["nickname"]
    if not re.fullmatch(r"[A-Za-z0-9_]{3,20}", name):
        abort(400)
    # ok: trust-boundary
    session["nickname"] = name
    return jsonify(nickname=name)
