import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/thumbnails", methods=["POST"])
def thumbnail():
    param = request.form.get("size", "")
    num = 106
    bar = "128x128" if (7 * 42) - num < 200 else param
    # ok: command-injection
    code = os.system("convert /srv/uploads/latest.png -resize " + bar + " /srv/thumbs/latest.png")
    return jsonify(ok=code == 0)
