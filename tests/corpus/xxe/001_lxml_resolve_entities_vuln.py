from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/catalogue", methods=["POST"])
def catalogue():
    parser = etree.XMLParser(resolve_entities=True, remove_blank_text=True)
    # ruleid: xxe
    root = etree.fromstring(request.get_data(), parser)
    return jsonify(products=len(root.findall("product")))
