import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/images/optimize", methods=["POST"])
def optimize():
    presets = ["-strip -quality 85", request.form.get("extra", "")]
    option = presets[0]
    # ok: command-injection
    rc = os.system(f"mogrify {option} /srv/media/incoming/*.jpg")
    return jsonify(rc=rc)
