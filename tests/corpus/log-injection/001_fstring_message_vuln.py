import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    # ruleid: log-injection
    log.warning(f"failed login for {user}")
    return {"ok": False}, 401
