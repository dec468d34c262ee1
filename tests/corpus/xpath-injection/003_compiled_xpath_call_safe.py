from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/products/<sku>")
def product(sku):
    # ok: xpath-injection
    matches = etree.XPath("//product[@sku=$sku]")(catalog, sku=sku)
    return jsonify(found=len(matches))
