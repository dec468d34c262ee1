import base64
import pickle

from flask import Flask, jsonify, request

from .sessions import decode_session

app = Flask(__name__)
GUEST_SESSION = base64.b64encode(pickle.dumps({"user": "guest"}))


@app.route("/whoami")
def whoami():
    session_data = decode_session(GUEST_SESSION)
    return jsonify(user=session_data["user"])
