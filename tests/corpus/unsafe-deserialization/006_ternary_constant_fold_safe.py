import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
EMPTY_STATE = pickle.dumps({"step": 0})


@app.route("/wizard", methods=["POST"])
def wizard():
    param = request.get_data()
    num = 106
    bar = EMPTY_STATE if (7 * 42) - num < 200 else param
    # ok: unsafe-deserialization
    state = pickle.loads(bar)
    return jsonify(step=state["step"])
