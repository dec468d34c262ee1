import base64
import pickle

from flask import Flask, jsonify, request

from .store import restore_basket

app = Flask(__name__)
EMPTY_BASKET = base64.b64encode(pickle.dumps([])).decode("ascii")


@app.route("/basket")
def basket():
    items = restore_basket(request.cookies.get("basket", EMPTY_BASKET))
    return jsonify(items=items)
