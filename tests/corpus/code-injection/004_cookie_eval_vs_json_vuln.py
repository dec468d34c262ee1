import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/preferences")
def preferences():
    stored = request.cookies.get("prefs", "{}")
    # ruleid: code-injection
    prefs = eval(stored)
    return jsonify(theme=prefs.get("theme", "light"), lang=prefs.get("lang", "en"))
