from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/widgets/value", methods=["POST"])
def widget_value():
    config = {"widget": {"label": request.form.get("label", "Revenue"), "formula": "revenue * 0.2"}}
    formula = config["widget"]["formula"]
    # ok: code-injection
    value = eval(formula, {"__builtins__": {}}, {"revenue": 1200.0})
    return jsonify(value=value)
