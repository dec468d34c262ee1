from flask import Flask, request

from .widgets import notice

app = Flask(__name__)


@app.route("/notice")
def show_notice():
    # ruleid: reflected-xss
    return notice(request.args.get("message", ""))
