import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/dns")
def dns_lookup():
    domain = request.args["domain"]
    # ruleid: command-injection
    result = subprocess.run(f"nslookup {domain}", shell=True, capture_output=True, text=True, timeout=10)
    return jsonify(output=result.stdout)
