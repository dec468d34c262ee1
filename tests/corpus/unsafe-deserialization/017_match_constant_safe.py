import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
SEED_STATE = pickle.dumps({"level": 1, "score": 0})


@app.route("/game/load", methods=["POST"])
def load_game():
    mode = "new"
    match mode:
        case "upload":
            blob = request.files["save"].read()
        case "new":
            blob = SEED_STATE
        case _:
            blob = SEED_STATE
    # ok: unsafe-deserialization
    state = pickle.loads(blob)
    return jsonify(level=state["level"], score=state["score"])
