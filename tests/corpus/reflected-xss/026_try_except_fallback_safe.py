from flask import Flask, request

app = Flask(__name__)


@app.route("/quantity")
def quantity():
    raw = request.args.get("qty", "1")
    try:
        qty = int(raw)
    except ValueError:
        qty = 1
    # ok: reflected-xss
    return f"<p>You selected {qty} item(s).</p>"
