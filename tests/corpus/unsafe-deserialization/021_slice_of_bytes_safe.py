import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
DEFAULT_FILTERS = pickle.dumps({"active": True})


@app.route("/filters/apply", methods=["POST"])
def apply_filters():
    blobs = [DEFAULT_FILTERS, request.get_data()]
    chosen = blobs[:1]
    # ok: unsafe-deserialization
    filters = pickle.loads(chosen[0])
    return jsonify(filters)
