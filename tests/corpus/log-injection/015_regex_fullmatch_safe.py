import logging
import re

from flask import Flask, abort, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/ticket")
def ticket():
    ref = request.args.get("ref", "")
    if not re.fullmatch(r"[A-Z]{3}-[0-9]{1,6}", ref):
        abort(400)
    # ok: log-injection
    log.info("ticket %s opened", ref)
    return {"ref": ref}
