import logging

from flask import Flask, request

app = Flask(__name__)
audit = logging.LoggerAdapter(logging.getLogger("audit"), {"service": "shop"})


@app.route("/profile", methods=["POST"])
def profile():
    city = request.form.get("city", "")
    # ok: log-injection
    audit.info("profile city changed to %(city)r", {"city": city})
    return {"saved": True}
