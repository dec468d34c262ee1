from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    query = request.args.get("q", "")
    # ok: reflected-xss
    resp = make_response(jsonify(query=query, results=[]))
    resp.headers["Cache-Control"] = "no-store"
    return resp
