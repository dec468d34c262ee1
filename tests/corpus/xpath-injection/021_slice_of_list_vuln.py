from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/path")
def book_path():
    steps = ["catalog", "book", request.args.get("field", "title")]
    chosen = steps[1:]
    # ruleid: xpath-injection
    values = catalog.xpath("/catalog/" + "/".join(chosen) + "/text()")
    return jsonify([str(v) for v in values])
