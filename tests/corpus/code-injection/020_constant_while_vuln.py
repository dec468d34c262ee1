from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tax")
def tax():
    supplied = request.args.get("rate_expr", "")
    rate_expr = "0.2"
    passes = 0
    while passes < 1:
        rate_expr = supplied
        passes += 1
    # ruleid: code-injection
    rate = eval(rate_expr, {"__builtins__": {}})
    return jsonify(rate=rate)
