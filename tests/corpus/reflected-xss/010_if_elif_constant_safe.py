from flask import Flask, request

app = Flask(__name__)


@app.route("/banner")
def banner():
    headline = request.args.get("headline", "")
    variant = 2
    if variant == 1:
        text = "Summer sale"
    elif variant == 2:
        text = "Free shipping"
    else:
        text = headline
    # ok: reflected-xss
    return f"<div class='banner'>{text}</div>"
