from flask import Flask, request

app = Flask(__name__)


@app.route("/steps")
def steps():
    labels = ["Cart", "Shipping", request.args.get("step", "Payment")]
    visible = labels[:2]
    # ok: reflected-xss
    return "<ol>" + "".join(f"<li>{label}</li>" for label in visible) + "</ol>"
