import re

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.route("/tenant/ping")
def tenant_ping():
    tenant = request.args.get("tenant", "")
    if not re.fullmatch(r"[a-z0-9-]+", tenant):
        abort(400)
    # ok: ssrf
    reply = requests.get(f"https://{tenant}.apps.example.com/ping", timeout=3)
    return jsonify(up=reply.ok)
