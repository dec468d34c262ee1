import re

from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/tag")
def tag():
    slug = request.args.get("slug", "")
    if not re.search(r"[a-z0-9-]+", slug):
        abort(404)
    # ruleid: open-redirect
    return redirect(slug)
