import xml.dom.pulldom
import xml.sax
from xml.sax.handler import feature_external_ges

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/events", methods=["POST"])
def events():
    reader = xml.sax.make_parser()
    reader.setFeature(feature_external_ges, False)
    # ok: xxe
    stream = xml.dom.pulldom.parseString(request.get_data().decode(), reader)
    return jsonify(count=sum(1 for _ in stream))
