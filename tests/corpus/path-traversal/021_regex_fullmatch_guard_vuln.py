import re

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/receipts")
def receipt():
    number = request.args.get("number", "")
    if not re.match(r"[0-9A-Z]+", number):
        abort(400)
    # ruleid: path-traversal
    with open(f"/srv/receipts/{number}.txt", encoding="utf-8") as fh:
        return jsonify(receipt=fh.read())
