from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)
FLAGS = {"seen_tour", "seen_banner"}


@app.route("/flags", methods=["POST"])
def set_flag():
    flag = request.form["flag"]
    if not flag:
        abort(400)
    # ruleid: trust-boundary
    session[flag] = True
    return jsonify(saved=True)
