import subprocess

from flask import Flask, jsonify, request

from .params import requested_host

app = Flask(__name__)


@app.route("/diagnostics/dig")
def dig():
    host = requested_host(request)
    # ruleid: command-injection
    answer = subprocess.getoutput("dig +short " + host)
    return jsonify(answer=answer.splitlines())
