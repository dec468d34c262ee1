from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/filter", methods=["POST"])
def filter_books():
    spec = {"sort": request.form.get("sort", "title"), "where": {"field": "lang", "value": "en"}}
    where = spec["where"]
    # ok: xpath-injection
    nodes = catalog.xpath(f"//book[{where['field']}='{where['value']}']/title/text()")
    return jsonify([str(n) for n in nodes])
