import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("access")


@app.route("/")
def home():
    # ok: log-injection
    log.info("visit from %s", request.headers.get("User-Agent", ""))
    return "welcome"
