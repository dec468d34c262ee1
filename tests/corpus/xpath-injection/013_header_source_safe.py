from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/api/quota")
def quota():
    client = request.headers.get("X-Client-Id", "")
    # ok: xpath-injection
    limit = catalog.xpath("string(//client[@id=$client]/quota)", client=client)
    return jsonify(quota=limit)
