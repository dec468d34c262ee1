from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


def make_parser():
    return etree.XMLParser(resolve_entities=True, remove_comments=True)


@app.route("/config/upload", methods=["POST"])
def config_upload():
    parser = make_parser()
    # ruleid: xxe
    root = etree.fromstring(request.files["config"].read(), parser)
    return jsonify(keys=len(root))
