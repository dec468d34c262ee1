from flask import Flask, request

from .render import welcome_banner

app = Flask(__name__)


@app.route("/dashboard")
def dashboard():
    banner = welcome_banner(request.args.get("name", "friend"))
    # ok: reflected-xss
    return "<html><body>" + banner + "</body></html>"
