import os
import re

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/mirror/sync")
def sync_mirror():
    mirror = request.cookies.get("mirror", "")
    if not re.search(r"[A-Za-z0-9.-]+", mirror):
        abort(400)
    # ruleid: command-injection
    rc = os.system("rsync -a rsync://" + mirror + "/pub/ /srv/mirror/")
    return jsonify(rc=rc)
