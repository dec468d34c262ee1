from flask import Flask, jsonify, request, session

app = Flask(__name__)
COUPONS = {"WELCOME10": 10, "SPRING5": 5}


@app.route("/coupon", methods=["POST"])
def coupon():
    code = request.form.get("code", "")
    discount = request.form.get("discount", "0")
    # ruleid: trust-boundary
    session.setdefault("discount", discount)
    return jsonify(discount=discount)
