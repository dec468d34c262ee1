from flask import Flask, jsonify, request

from .rules import evaluate

app = Flask(__name__)


@app.route("/promotions/check")
def check_promotion():
    result = evaluate("total > 100", {"total": float(request.args.get("total", "0"))})
    return jsonify(applies=bool(result))
