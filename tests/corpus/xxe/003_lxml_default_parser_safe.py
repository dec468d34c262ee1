from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/invoice", methods=["POST"])
def invoice():
    body = request.get_data()
    # ok: xxe
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False))
    return jsonify(total=root.findtext("total"))
