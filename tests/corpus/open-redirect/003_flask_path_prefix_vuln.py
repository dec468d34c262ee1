from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/u")
def user_shortcut():
    name = request.args.get("name", "")
    # ruleid: open-redirect
    return redirect("/" + name)
