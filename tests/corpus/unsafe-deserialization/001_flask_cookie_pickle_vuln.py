import base64
import json
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/cart")
def view_cart():
    encoded = request.cookies.get("cart", "")
    # ruleid: unsafe-deserialization
    cart = pickle.loads(base64.b64decode(encoded))
    return jsonify(items=cart.get("items", []))
