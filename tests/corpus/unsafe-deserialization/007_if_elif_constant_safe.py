import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
DEFAULT_CONFIG = "retries: 3\ntimeout: 30\n"


@app.route("/jobs/config", methods=["POST"])
def job_config():
    submitted = request.form.get("config", "")
    source = 1
    if source == 1:
        text = DEFAULT_CONFIG
    elif source == 2:
        text = submitted
    else:
        text = "retries: 1\n"
    # ok: unsafe-deserialization
    config = yaml.load(text, Loader=yaml.UnsafeLoader)
    return jsonify(config)
