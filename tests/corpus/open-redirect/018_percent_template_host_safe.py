from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/mirror")
def mirror():
    name = request.args.get("name", "eu")
    # ok: open-redirect
    return redirect("https://downloads.example.com/%s" % name)
