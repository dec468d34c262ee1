import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
DEFAULT_LAYOUT = pickle.dumps({"columns": 3})


@app.route("/dashboard/layout", methods=["POST"])
def dashboard_layout():
    fallback, incoming = DEFAULT_LAYOUT, request.get_data()
    # ruleid: unsafe-deserialization
    layout = pickle.loads(incoming)
    return jsonify(layout)
