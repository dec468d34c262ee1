import re

from flask import Flask, abort, render_template_string, request

app = Flask(__name__)


@app.route("/sign")
def sign():
    name = request.args.get("name", "")
    if not re.fullmatch(r"[A-Za-z-]{1,40}", name): abort(400)
    # ok: template-injection
    return render_template_string("<p>Signed by " + name + "</p>")
