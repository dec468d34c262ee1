import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/statements")
def statement():
    raw = request.args.get("month", "1")
    try:
        month = int(raw)
    except ValueError:
        month = 1
    # ok: path-traversal
    with open(os.path.join("/srv/statements/2024", f"{month}.csv"), encoding="utf-8") as fh:
        return jsonify(lines=fh.read().splitlines())
