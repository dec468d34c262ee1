from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login/done")
def login_done():
    target = url_for("dashboard", tab=request.args.get("tab", "home"))
    # ok: open-redirect
    return redirect(target)
