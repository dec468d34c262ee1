import logging

from flask import Flask, abort, request

app = Flask(__name__)
log = logging.getLogger(__name__)
REGIONS = {"eu", "us", "apac"}


@app.route("/region")
def region():
    name = request.args.get("name", "eu")
    if name not in REGIONS:
        abort(400)
    # ok: log-injection
    log.info("region switched to %s", name)
    return {"region": name}
