from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/invoice", methods=["POST"])
def invoice():
    body = request.get_data()
    # ruleid: xxe
    root = etree.fromstring(body)
    return jsonify(total=root.findtext("total"))
