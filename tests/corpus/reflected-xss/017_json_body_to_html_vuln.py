from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/echo", methods=["POST"])
def echo():
    payload = request.get_json()
    title = payload.get("title", "")
    # ruleid: reflected-xss
    return f"<article><h1>{title}</h1></article>"
