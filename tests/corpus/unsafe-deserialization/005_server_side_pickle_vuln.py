import pickle
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
MODEL_PATH = Path("/srv/models/recommender.pkl")


@app.route("/recommend", methods=["POST"])
def recommend():
    payload = request.get_data()
    # ruleid: unsafe-deserialization
    model = pickle.loads(payload)
    return jsonify(items=model.top_items(10))
