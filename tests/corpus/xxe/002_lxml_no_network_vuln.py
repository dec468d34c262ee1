from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/orders/xml", methods=["POST"])
def orders_xml():
    parser = etree.XMLParser(no_network=False)
    # ruleid: xxe
    tree = etree.parse(request.files["orders"], parser)
    return jsonify(orders=len(tree.getroot()))
