from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/reports/column", methods=["POST"])
def computed_column():
    default_expr, custom_expr = "price * qty", request.form.get("expr", "")
    # ok: code-injection
    code = compile(default_expr, "<column>", "eval")
    return jsonify(value=eval(code, {"__builtins__": {}}, {"price": 3.5, "qty": 4}))
