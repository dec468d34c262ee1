from flask import Flask, request

app = Flask(__name__)


@app.route("/quantity")
def quantity():
    raw = request.args.get("qty", "1")
    try:
        qty = int(raw)
    except ValueError:
        qty = raw
    # ruleid: reflected-xss
    return f"<p>You selected {qty} item(s).</p>"
