from flask import Flask, jsonify, request

app = Flask(__name__)
SHIPPING_FORMULAS = {"flat": "5.0", "weight": "weight * 1.2", "express": "12.5 + weight * 2"}


@app.route("/shipping")
def shipping_cost():
    method = request.args.get("method", "flat")
    formula = SHIPPING_FORMULAS.get(method) or "5.0"
    # ok: code-injection
    cost = eval(formula, {"__builtins__": {}}, {"weight": float(request.args.get("weight", "1"))})
    return jsonify(cost=cost)
