from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")
FORMATS = {"hardcover", "paperback", "ebook"}


@app.route("/books/format")
def by_format():
    fmt = request.args.get("format", "")
    if not fmt:
        abort(400)
    # ruleid: xpath-injection
    nodes = catalog.xpath(f"//book[@format='{fmt}']/title/text()")
    return jsonify([str(n) for n in nodes])
