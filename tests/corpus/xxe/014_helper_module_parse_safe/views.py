from flask import Flask, jsonify, request

from .xmlutil import parse_document

app = Flask(__name__)


@app.route("/documents", methods=["POST"])
def documents():
    root = parse_document(request.get_data())
    return jsonify(title=root.findtext("title"))
