from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)
CURRENCIES = ("EUR", "USD", "GBP")


@app.route("/currency", methods=["POST"])
def currency():
    code = request.form.get("code", "EUR").upper()
    if len(code) != 3:
        abort(400)
    # ruleid: trust-boundary
    session["currency"] = code
    return jsonify(currency=code)
