import logging

from flask import Flask, abort, request

app = Flask(__name__)
log = logging.getLogger(__name__)
REGIONS = {"eu", "us", "apac"}


@app.route("/region")
def region():
    name = request.args.get("name", "eu")
    if not name:
        abort(400)
    # ruleid: log-injection
    log.info("region switched to %s", name)
    return {"region": name}
