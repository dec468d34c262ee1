from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/device")
def device():
    client = request.headers.get("User-Agent", "")
    # ruleid: trust-boundary
    session["client"] = client
    return jsonify(client=client)
