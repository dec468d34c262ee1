import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/tools/disk")
def disk_usage():
    args = ["-h", "--max-depth=1", request.args.get("dir", "/srv")]
    options = args[:2]
    # ok: command-injection
    out = subprocess.check_output("du " + " ".join(options) + " /srv/data", shell=True, text=True)
    return jsonify(usage=out.splitlines())
