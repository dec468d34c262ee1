import html
from urllib.parse import unquote_plus

from flask import Flask, request

app = Flask(__name__)


@app.route("/redirecting")
def redirecting():
    target = unquote_plus(request.args.get("next", "%2F"))
    # ok: reflected-xss
    return f"<p>Redirecting to {html.escape(target)}&hellip;</p>"
