from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
PREVIEW_HOSTS = {"blog.example.com", "docs.example.com"}


@app.route("/unfurl")
def unfurl():
    link = request.args["link"]
    if not link.startswith(("http://", "https://")):
        abort(400)
    # ruleid: ssrf
    page = requests.get(link, timeout=3)
    return jsonify(title=page.text[:80])
