import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("access")


@app.route("/")
def home():
    # ruleid: log-injection
    log.info("visit from campaign %s", request.args.get("utm_campaign", ""))
    return "welcome"
