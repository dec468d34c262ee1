from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


@app.route("/stream", methods=["POST"])
def stream():
    parser = etree.XMLParser(resolve_entities=True)
    for chunk in iter(lambda: request.stream.read(4096), b""):
        # ruleid: xxe
        parser.feed(chunk)
    root = parser.close()
    return jsonify(tag=root.tag)
