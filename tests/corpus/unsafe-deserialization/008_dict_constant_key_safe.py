import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
DEFAULT_PREFS = pickle.dumps({"theme": "light"})


@app.route("/prefs/restore", methods=["POST"])
def restore_prefs():
    blobs = {"uploaded": request.get_data(), "default": DEFAULT_PREFS}
    chosen = blobs["default"]
    # ok: unsafe-deserialization
    prefs = pickle.loads(chosen)
    return jsonify(prefs)
