import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
RESOLVING = etree.XMLParser(resolve_entities=True)


@app.route("/profile/import", methods=["POST"])
def profile_import():
    data = request.files["profile"].read()
    # ruleid: xxe
    root = etree.fromstring(data, RESOLVING)
    return jsonify(name=root.findtext("name"))
