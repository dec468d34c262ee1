import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/git/fetch", methods=["POST"])
def fetch_remote():
    remotes = ["origin", request.form.get("remote", ""), "upstream"]
    remotes.pop(0)
    remote = remotes[1]
    # ok: command-injection
    out = subprocess.check_output("git -C /srv/repo fetch " + remote, shell=True, text=True)
    return jsonify(output=out)
