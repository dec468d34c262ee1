from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
TRUSTED = {"shop.example.com", "help.example.com"}


@app.route("/continue")
def continue_to():
    target = request.args.get("to", "/")
    parts = urlparse(target)
    if parts.scheme not in ("http", "https", ""):
        abort(400)
    # ruleid: open-redirect
    return redirect(target)
