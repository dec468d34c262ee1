from flask import Flask, jsonify, request

from .pricing import build_expression

app = Flask(__name__)


@app.route("/cart/total")
def cart_total():
    expression = build_expression(request.args.get("qty", "1"))
    # ok: code-injection
    total = eval(expression, {"__builtins__": {}}, {"UNIT_PRICE": 9.99})
    return jsonify(total=total)
