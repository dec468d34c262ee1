import pickle
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
MODEL_PATH = Path("/srv/models/recommender.pkl")


@app.route("/recommend", methods=["POST"])
def recommend():
    payload = request.get_data()
    # ok: unsafe-deserialization
    model = pickle.loads(MODEL_PATH.read_bytes())
    return jsonify(items=model.top_items(10))
