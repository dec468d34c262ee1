from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/api/quota")
def quota():
    client = request.headers.get("X-Client-Id", "")
    # ruleid: xpath-injection
    limit = catalog.xpath(f"string(//client[@id='{client}']/quota)")
    return jsonify(quota=limit)
