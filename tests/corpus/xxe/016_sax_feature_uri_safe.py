import xml.dom.minidom
import xml.sax

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/opml", methods=["POST"])
def opml():
    reader = xml.sax.make_parser()
    reader.setFeature("http://xml.org/sax/features/namespaces", True)
    # ok: xxe
    doc = xml.dom.minidom.parseString(request.get_data(), reader)
    return jsonify(outlines=len(doc.getElementsByTagName("outline")))
