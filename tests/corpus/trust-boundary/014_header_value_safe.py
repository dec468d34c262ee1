from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/device")
def device():
    client = "mobile" if "Mobile" in request.headers.get("User-Agent", "") else "desktop"
    # ok: trust-boundary
    session["client"] = client
    return jsonify(client=client)
