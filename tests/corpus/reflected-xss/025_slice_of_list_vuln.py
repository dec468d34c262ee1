from flask import Flask, request

app = Flask(__name__)


@app.route("/steps")
def steps():
    labels = ["Cart", "Shipping", request.args.get("step", "Payment")]
    visible = labels[1:]
    # ruleid: reflected-xss
    return "<ol>" + "".join(f"<li>{label}</li>" for label in visible) + "</ol>"
