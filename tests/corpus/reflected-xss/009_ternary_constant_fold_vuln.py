from flask import Flask, request

app = Flask(__name__)


@app.route("/status")
def status():
    param = request.args.get("label", "")
    num = 106
    bar = "OK" if (7 * 42) - num > 200 else param
    # ruleid: reflected-xss
    return "<span class='status'>" + bar + "</span>"
