import os
import shlex

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/diagnostics/ping")
def ping():
    host = request.args.get("host", "localhost")
    # ok: command-injection
    status = os.system("ping -c 1 -W 2 " + shlex.quote(host))
    return jsonify(reachable=status == 0)
