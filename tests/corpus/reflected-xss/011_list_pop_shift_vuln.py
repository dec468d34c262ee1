from flask import Flask, request

app = Flask(__name__)


@app.route("/breadcrumbs")
def breadcrumbs():
    crumbs = ["Home", request.args.get("section", ""), "Products"]
    crumbs.pop(0)
    current = crumbs[0]
    # ruleid: reflected-xss
    return f"<nav><a href='/'>Home</a> / {current}</nav>"
