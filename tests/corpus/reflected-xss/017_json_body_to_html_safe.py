from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/echo", methods=["POST"])
def echo():
    payload = request.get_json()
    title = payload.get("title", "")
    # ok: reflected-xss
    return jsonify(title=title)
