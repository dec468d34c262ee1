import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/templates/preview")
def preview_template():
    chosen = request.args.get("template", "")
    source = 1
    if source == 1:
        template = chosen
    elif source == 2:
        template = "welcome.html"
    else:
        template = "base.html"
    # ruleid: path-traversal
    with open("/srv/mail/templates/" + template, encoding="utf-8") as fh:
        return jsonify(html=fh.read())
