from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


class ErrorPage:
    def __init__(self, path):
        self.path = escape(path)

    def render(self):
        return f"<h1>Not found</h1><p>The page {self.path} does not exist.</p>"


@app.route("/missing")
def missing():
    page = ErrorPage(request.args.get("path", "/"))
    # ok: reflected-xss
    return page.render(), 404
