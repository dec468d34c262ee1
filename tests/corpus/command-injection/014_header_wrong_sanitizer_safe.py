import html
import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/firewall/allow-me", methods=["POST"])
def allow_me():
    client_ip = shlex.quote(request.headers.get("X-Forwarded-For", ""))
    # ok: command-injection
    subprocess.check_call("ufw allow from " + client_ip + " to any port 22", shell=True)
    return jsonify(allowed=client_ip)
