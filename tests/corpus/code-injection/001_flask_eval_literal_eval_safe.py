import ast

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/filters/parse")
def parse_filter():
    raw = request.args.get("filter", "{}")
    # ok: code-injection
    criteria = ast.literal_eval(raw)
    return jsonify(criteria=criteria)
