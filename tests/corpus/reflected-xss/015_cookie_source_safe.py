import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/account")
def account():
    nickname = html.escape(request.cookies.get("nickname", "there"))
    # ok: reflected-xss
    return "<header>Hi " + nickname + "</header><main>Your account</main>"
