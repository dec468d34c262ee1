import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/export")
def export():
    opts = {"format": "custom"}
    opts.setdefault("format", request.args.get("format"))
    # ok: command-injection
    out = subprocess.check_output("pg_dump --format=" + opts["format"] + " shop", shell=True)
    return jsonify(size=len(out))
