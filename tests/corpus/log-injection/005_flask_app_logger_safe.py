from flask import Flask, request

app = Flask(__name__)


@app.route("/coupon", methods=["POST"])
def coupon():
    code = request.form.get("code", "")
    # ok: log-injection
    app.logger.warning("unknown coupon of length %d", len(code))
    return {"applied": False}
