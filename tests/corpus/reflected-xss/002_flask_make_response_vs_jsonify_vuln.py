from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    query = request.args.get("q", "")
    # ruleid: reflected-xss
    resp = make_response(f"<p>No results for <b>{query}</b></p>")
    resp.headers["Cache-Control"] = "no-store"
    return resp
