import logging

from flask import Flask, request

app = Flask(__name__)


@app.route("/feedback", methods=["POST"])
def feedback():
    topic = request.form.get("topic", "")
    # ruleid: log-injection
    logging.info("feedback on %s", topic)
    return {"thanks": True}
