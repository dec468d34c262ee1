from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/legacy/import", methods=["POST"])
def legacy_import():
    parser = etree.ETCompatXMLParser()
    # ruleid: xxe
    root = etree.fromstring(request.get_data(), parser)
    return jsonify(tag=root.tag)
