from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/filters", methods=["POST"])
def filters():
    body = request.get_json()
    filters = {"min_price": float(body.get("min_price", 0)), "max_price": float(body.get("max_price", 0))}
    # ok: trust-boundary
    session.update(filters)
    return jsonify(saved=True)
