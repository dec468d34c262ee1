import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/backup", methods=["POST"])
def backup():
    label = request.form.get("label", "")
    level = 2
    if level == 1:
        suffix = "daily"
    elif level == 2:
        suffix = label
    else:
        suffix = "weekly"
    # ruleid: command-injection
    subprocess.call("tar czf /backups/site-" + suffix + ".tgz /srv/site", shell=True)
    return jsonify(started=True)
