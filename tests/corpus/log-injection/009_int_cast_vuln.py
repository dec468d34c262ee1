import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/page")
def page():
    number = request.args.get("n", "1")
    # ruleid: log-injection
    log.debug("page %s requested", number)
    return {"page": number}
