import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("search")


@app.route("/search")
def search():
    term = request.args.get("q", "")
    # ok: log-injection
    log.info("search for %r", term)
    return {"results": []}
