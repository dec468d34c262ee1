from flask import Flask, jsonify, request
from lxml import etree, objectify

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=True)
DEFAULTS = b"<settings><theme>light</theme></settings>"


@app.route("/settings/preview", methods=["POST"])
def settings_preview():
    document = request.get_data() or DEFAULTS
    # ruleid: xxe
    settings = objectify.fromstring(document, PARSER)
    return jsonify(theme=str(settings.theme))
