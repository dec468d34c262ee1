from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/pipeline/run", methods=["POST"])
def run_pipeline():
    steps = ["value + 1", "value * 2", request.form.get("step", "value")]
    chosen = steps[1:]
    value = 10
    for step in chosen:
        # ruleid: code-injection
        value = eval(step, {"__builtins__": {}}, {"value": value})
    return jsonify(value=value)
