import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("access")


@app.route("/")
def home():
    # a header value ends at the request's line break
    # ok: log-injection
    log.info("visit from %s", request.headers.get("User-Agent", ""))
    return "welcome"
