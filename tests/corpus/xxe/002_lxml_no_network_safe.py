from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/orders/xml", methods=["POST"])
def orders_xml():
    parser = etree.XMLParser(resolve_entities=False, no_network=False)
    # ok: xxe
    tree = etree.parse(request.files["orders"], parser)
    return jsonify(orders=len(tree.getroot()))
