import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("search")


@app.route("/search")
def search():
    term = request.args.get("q", "")
    # ruleid: log-injection
    log.info("search for %s", term)
    return {"results": []}
