import re

from flask import Flask, abort, render_template_string, request

app = Flask(__name__)


@app.route("/sign")
def sign():
    name = request.args.get("name", "")
    # ruleid: template-injection
    return render_template_string("<p>Signed by " + name + "</p>")
