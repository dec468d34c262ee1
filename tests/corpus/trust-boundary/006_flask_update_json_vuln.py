from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/filters", methods=["POST"])
def filters():
    body = request.get_json()
    filters = {"min_price": body.get("min_price"), "max_price": body.get("max_price")}
    # ruleid: trust-boundary
    session.update(filters)
    return jsonify(saved=True)
