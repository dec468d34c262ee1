from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/u")
def user_shortcut():
    name = request.args.get("name", "")
    # ok: open-redirect
    return redirect("/people/" + name)
