from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/discount")
def discount():
    formula = request.args.get("formula", "")
    tier = 1
    if tier == 1:
        rule = formula
    elif tier == 2:
        rule = "price * 0.9"
    else:
        rule = "price"
    # ruleid: code-injection
    total = eval(rule, {"__builtins__": {}}, {"price": 100.0})
    return jsonify(total=total)
