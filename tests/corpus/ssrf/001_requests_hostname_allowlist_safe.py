from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
PREVIEW_HOSTS = {"blog.example.com", "docs.example.com"}


@app.route("/unfurl")
def unfurl():
    link = request.args["link"]
    if urlparse(link).hostname not in PREVIEW_HOSTS:
        abort(400)
    # ok: ssrf
    page = requests.get(link, timeout=3)
    return jsonify(title=page.text[:80])
