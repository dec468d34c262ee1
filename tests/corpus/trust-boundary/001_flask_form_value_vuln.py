from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/prefs/page-size", methods=["POST"])
def page_size():
    size = request.form.get("size", "20")
    # ruleid: trust-boundary
    session["page_size"] = size
    return jsonify(saved=True)
