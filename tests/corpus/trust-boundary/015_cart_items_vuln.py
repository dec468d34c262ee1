from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/cart/add", methods=["POST"])
def cart_add():
    cart = list(session.get("cart", []))
    cart.append(request.form["sku"])
    # ruleid: trust-boundary
    session["cart"] = cart
    return jsonify(items=len(cart))
