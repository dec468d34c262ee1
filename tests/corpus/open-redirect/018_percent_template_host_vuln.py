from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/mirror")
def mirror():
    name = request.args.get("name", "eu")
    # ruleid: open-redirect
    return redirect("https://%s/downloads" % name)
