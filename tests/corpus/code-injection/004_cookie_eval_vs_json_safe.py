import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/preferences")
def preferences():
    stored = request.cookies.get("prefs", "{}")
    # ok: code-injection
    prefs = json.loads(stored)
    return jsonify(theme=prefs.get("theme", "light"), lang=prefs.get("lang", "en"))
