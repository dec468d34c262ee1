from flask import Flask, request

app = Flask(__name__)


@app.route("/alerts")
def alerts():
    supplied = request.args.get("message", "")
    level = "info"
    match level:
        case "info":
            text = "All systems operational"
        case "custom":
            text = supplied
        case _:
            text = "Unknown"
    # ok: reflected-xss
    return f"<div role='alert'>{text}</div>"
