import xml.dom.minidom
import xml.sax
from xml.sax.handler import feature_external_ges, feature_namespaces

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/rss", methods=["POST"])
def rss():
    reader = xml.sax.make_parser()
    reader.setFeature(feature_external_ges, True)
    # ruleid: xxe
    doc = xml.dom.minidom.parseString(request.get_data(), reader)
    return jsonify(items=len(doc.getElementsByTagName("item")))
