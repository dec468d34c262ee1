from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/notice")
def notice():
    message = request.args.get("msg", "")
    # ok: reflected-xss
    banner = Markup(f"<strong>{escape(message)}</strong>")
    return render_template("notice.html", banner=banner)
