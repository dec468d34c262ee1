import os
import shlex

from flask import Flask, request

app = Flask(__name__)
LOG_DIR = "/var/log/shop"


@app.route("/logs")
def tail_log():
    logfile = os.path.basename(request.args.get("file", "app.log"))
    # ok: path-traversal
    with open(os.path.join(LOG_DIR, logfile)) as fh:
        return "".join(fh.readlines()[-100:]), 200, {"Content-Type": "text/plain"}
