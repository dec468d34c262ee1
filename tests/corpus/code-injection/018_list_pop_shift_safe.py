from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/chart/series")
def chart_series():
    expressions = ["x", "x ** 2", request.args.get("fn", "")]
    expressions.pop(0)
    expr = expressions[0]
    # ok: code-injection
    points = [eval(expr, {"__builtins__": {}}, {"x": x}) for x in range(10)]
    return jsonify(points=points)
