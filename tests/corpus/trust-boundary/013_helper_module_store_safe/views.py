from flask import Flask, jsonify, request, session

from .state import remember

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember_choice():
    remember(session, "shipping", request.form.get("shipping", "standard"))
    return jsonify(saved=True)
