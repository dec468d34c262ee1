from urllib.parse import urljoin

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
DOCS_ROOT = "https://docs.example.com/"


@app.route("/docs/size")
def doc_size():
    page = request.args.get("page", "index.html")
    url = urljoin(DOCS_ROOT, page)
    # ruleid: ssrf
    reply = requests.head(url, timeout=3)
    return jsonify(size=reply.headers.get("Content-Length"))
