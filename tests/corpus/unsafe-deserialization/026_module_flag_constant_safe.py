import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
STRICT_PARSING = True


@app.route("/workflows", methods=["POST"])
def workflows():
    text = request.get_data(as_text=True)
    loader = yaml.SafeLoader if STRICT_PARSING else yaml.Loader
    # ok: unsafe-deserialization
    workflow = yaml.load(text, Loader=loader)
    return jsonify(steps=len(workflow.get("steps", [])))
