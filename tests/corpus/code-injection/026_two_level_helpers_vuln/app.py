from flask import Flask, jsonify, request

from .rules import evaluate

app = Flask(__name__)


@app.route("/promotions/check")
def check_promotion():
    result = evaluate(request.args.get("rule", "total > 100"), {"total": 120})
    return jsonify(applies=bool(result))
