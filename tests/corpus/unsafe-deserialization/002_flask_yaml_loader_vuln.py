import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/pipelines/validate", methods=["POST"])
def validate_pipeline():
    body = request.get_data(as_text=True)
    # ruleid: unsafe-deserialization
    spec = yaml.load(body, Loader=yaml.Loader)
    return jsonify(stages=list(spec.get("stages", {})))
