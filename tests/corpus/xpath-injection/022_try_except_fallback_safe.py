from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/nth")
def nth_book():
    raw = request.args.get("n", "1")
    try:
        position = int(raw)
    except ValueError:
        position = 1
    # ok: xpath-injection
    titles = catalog.xpath(f"//book[{position}]/title/text()")
    return jsonify([str(t) for t in titles])
