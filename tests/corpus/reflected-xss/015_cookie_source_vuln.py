import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/account")
def account():
    nickname = request.cookies.get("nickname", "there")
    # ruleid: reflected-xss
    return "<header>Hi " + nickname + "</header><main>Your account</main>"
