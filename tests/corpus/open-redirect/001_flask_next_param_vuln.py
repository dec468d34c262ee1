from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/login/done")
def login_done():
    target = request.args.get("next") or url_for("dashboard")
    # ruleid: open-redirect
    return redirect(target)
