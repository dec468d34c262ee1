import base64
import json
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/cart")
def view_cart():
    encoded = request.cookies.get("cart", "")
    # ok: unsafe-deserialization
    cart = json.loads(base64.b64decode(encoded))
    return jsonify(items=cart.get("items", []))
