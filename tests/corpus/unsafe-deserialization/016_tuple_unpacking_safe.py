import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
DEFAULT_LAYOUT = pickle.dumps({"columns": 3})


@app.route("/dashboard/layout", methods=["POST"])
def dashboard_layout():
    fallback, incoming = DEFAULT_LAYOUT, request.get_data()
    # ok: unsafe-deserialization
    layout = pickle.loads(fallback)
    return jsonify(layout)
