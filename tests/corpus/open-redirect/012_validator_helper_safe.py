from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
PARTNERS = {"partner-a.example.com", "partner-b.example.com"}


def allowed_destination(url):
    return urlparse(url).netloc in PARTNERS


@app.route("/partner/return")
def partner_return():
    url = request.args.get("url", "/")
    if not allowed_destination(url):
        abort(400)
    # ok: open-redirect
    return redirect(url)
