from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/metrics/derived", methods=["POST"])
def derived_metric():
    candidates = ["hits / max(visits, 1)", request.form.get("custom", "")]
    expression = candidates[1]
    # ruleid: code-injection
    ratio = eval(expression, {"__builtins__": {}, "max": max}, {"hits": 42, "visits": 100})
    return jsonify(ratio=ratio)
