import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/pipelines/validate", methods=["POST"])
def validate_pipeline():
    body = request.get_data(as_text=True)
    # ok: unsafe-deserialization
    spec = yaml.safe_load(body)
    return jsonify(stages=list(spec.get("stages", {})))
