from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/products/<sku>")
def product(sku):
    # ruleid: xpath-injection
    matches = etree.XPath(f"//product[@sku='{sku}']")(catalog)
    return jsonify(found=len(matches))
