from flask import Flask, request

app = Flask(__name__)


@app.route("/tags")
def tags():
    labels = ["new"]
    labels.extend(request.args.getlist("tag"))
    labels.append("sale")
    last = labels[-2]
    # ruleid: reflected-xss
    return f"<span class='tag'>{last}</span>"
