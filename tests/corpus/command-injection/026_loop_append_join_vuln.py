import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/packages/check", methods=["POST"])
def check_packages():
    names = []
    for name in request.form.getlist("package"):
        names.append(name)
    # ruleid: command-injection
    out = subprocess.run("apt-cache policy " + " ".join(names), shell=True, capture_output=True, text=True)
    return jsonify(report=out.stdout)
