import ipaddress
import socket
from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/hooks/verify", methods=["POST"])
def verify_hook():
    endpoint = request.get_json()["endpoint"]
    address = ipaddress.ip_address(socket.gethostbyname(urlparse(endpoint).hostname or ""))
    if address.is_loopback:
        abort(400)
    # ruleid: ssrf
    requests.post(endpoint, json={"type": "verification"}, timeout=5)
    return jsonify(ok=True)
