import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/services/restart", methods=["POST"])
def restart():
    requested = request.form.get("service", "")
    target = "staging"
    match target:
        case "production":
            unit = "web.service"
        case "staging":
            unit = requested
        case _:
            unit = "worker.service"
    # ruleid: command-injection
    subprocess.run("systemctl restart " + unit, shell=True, check=False)
    return jsonify(restarted=unit)
