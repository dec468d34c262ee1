from flask import Flask, jsonify, request

from .runner import convert_image

app = Flask(__name__)


@app.route("/thumbs", methods=["POST"])
def thumbs():
    rc = convert_image(request.form["name"], request.form.get("size", "200x200"))
    return jsonify(rc=rc)
