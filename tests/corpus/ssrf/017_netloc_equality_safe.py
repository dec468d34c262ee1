from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/import/gist")
def import_gist():
    link = request.args["link"]
    if urlparse(link).netloc != "gist.github.com":
        abort(400)
    # ok: ssrf
    reply = requests.get(link, timeout=5)
    return jsonify(lines=len(reply.text.splitlines()))
