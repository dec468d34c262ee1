from flask import Flask, request

app = Flask(__name__)


@app.route("/coupon", methods=["POST"])
def coupon():
    code = request.form.get("code", "")
    # ruleid: log-injection
    app.logger.warning("unknown coupon %s", code)
    return {"applied": False}
