import logging

from flask import Flask, request

app = Flask(__name__)


@app.route("/feedback", methods=["POST"])
def feedback():
    topic = request.form.get("topic", "")
    # ok: log-injection
    logging.info("feedback on %s", "billing" if topic == "billing" else "other")
    return {"thanks": True}
