from flask import Flask, jsonify, request, session

app = Flask(__name__)
COUPONS = {"WELCOME10": 10, "SPRING5": 5}


@app.route("/coupon", methods=["POST"])
def coupon():
    code = request.form.get("code", "")
    discount = COUPONS.get(code, 0)
    # ok: trust-boundary
    session.setdefault("discount", discount)
    return jsonify(discount=discount)
