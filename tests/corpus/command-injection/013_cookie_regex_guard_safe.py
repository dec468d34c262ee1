import os
import re

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/mirror/sync")
def sync_mirror():
    mirror = request.cookies.get("mirror", "")
    if not re.fullmatch(r"[A-Za-z0-9.-]+", mirror):
        abort(400)
    # ok: command-injection
    rc = os.system("rsync -a rsync://" + mirror + "/pub/ /srv/mirror/")
    return jsonify(rc=rc)
