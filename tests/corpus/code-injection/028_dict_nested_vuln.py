from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/widgets/value", methods=["POST"])
def widget_value():
    config = {"widget": {"label": "Revenue", "formula": request.form.get("formula", "revenue")}}
    formula = config["widget"]["formula"]
    # ruleid: code-injection
    value = eval(formula, {"__builtins__": {}}, {"revenue": 1200.0})
    return jsonify(value=value)
