from flask import Flask, request

app = Flask(__name__)


@app.route("/motd")
def motd():
    override = request.args.get("motd", "")
    message = "Have a nice day"
    loops = 0
    while loops < 1:
        message = override
        loops += 1
    # ruleid: reflected-xss
    return "<marquee>" + message + "</marquee>"
