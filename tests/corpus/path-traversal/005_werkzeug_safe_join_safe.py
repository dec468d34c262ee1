import os

from flask import Flask, abort, request
from werkzeug.security import safe_join

app = Flask(__name__)
THEMES_DIR = "/srv/themes"


@app.route("/themes/css")
def theme_css():
    theme = request.args.get("theme", "default.css")
    path = safe_join(THEMES_DIR, theme)
    if path is None:
        abort(404)
    # ok: path-traversal
    with open(path, encoding="utf-8") as fh:
        return fh.read(), 200, {"Content-Type": "text/css"}
