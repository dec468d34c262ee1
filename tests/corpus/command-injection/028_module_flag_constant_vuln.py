import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
ALLOW_CUSTOM_FLAGS = 1 + 1 == 2


@app.route("/reindex", methods=["POST"])
def reindex():
    flags = "--quick"
    if ALLOW_CUSTOM_FLAGS:
        flags = request.form.get("flags", flags)
    # ruleid: command-injection
    out = subprocess.check_output("/srv/bin/reindex " + flags, shell=True, text=True)
    return jsonify(log=out)
