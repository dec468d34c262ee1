import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
inventory = ET.parse("/srv/data/inventory.xml").getroot()


@app.route("/inventory/shelf")
def shelf():
    shelf_id = request.args.get("shelf", "1")
    # ruleid: xpath-injection
    items = inventory.findall(f".//item[@shelf='{shelf_id}']")
    return jsonify([i.get("sku") for i in items])
