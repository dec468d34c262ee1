from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")

SORT_FIELDS = {"title": "title", "price": "price", "date": "published"}


@app.route("/books/field")
def book_field():
    field = request.args.get("field", "title")
    element = SORT_FIELDS.get(field, field)
    # ruleid: xpath-injection
    values = catalog.xpath(f"//book/{element}/text()")
    return jsonify([str(v) for v in values])
