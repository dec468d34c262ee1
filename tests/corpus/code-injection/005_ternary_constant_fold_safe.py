from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    num = 106
    bar = "1 + 1" if (7 * 42) - num < 200 else param
    # ok: code-injection
    value = eval(bar, {"__builtins__": {}})
    return jsonify(value=value)
