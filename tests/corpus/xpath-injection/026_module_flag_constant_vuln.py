from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")
CUSTOM_QUERIES = "yes" == "yes"


@app.route("/catalog/query")
def catalog_query():
    expr = "//book/title/text()"
    if CUSTOM_QUERIES:
        expr = request.args.get("xpath", expr)
    # ruleid: xpath-injection
    return jsonify([str(n) for n in catalog.xpath(expr)])
