import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/logs/rotate", methods=["POST"])
def rotate_logs():
    raw = request.form.get("keep", "7")
    try:
        keep = int(raw)
    except ValueError:
        keep = 7
    # ok: command-injection
    rc = os.system(f"logrotate --keep {keep} /etc/logrotate.d/shop")
    return jsonify(rc=rc)
