import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
prices = ET.parse("/srv/data/prices.xml").getroot()


@app.route("/price", methods=["POST"])
def price():
    data = request.get_json()
    code = data.get("code", "")
    # ruleid: xpath-injection
    amount = prices.findtext(f"./product[@code='{code}']/amount")
    return jsonify(amount=amount)
