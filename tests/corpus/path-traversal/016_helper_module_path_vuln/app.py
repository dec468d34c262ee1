from flask import Flask, request

from .storage import avatar_path

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    # ruleid: path-traversal
    with open(avatar_path(request.args.get("user", "")), "rb") as fh:
        return fh.read(), 200, {"Content-Type": "image/png"}
