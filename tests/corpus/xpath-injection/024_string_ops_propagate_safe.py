from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/series")
def series():
    series_name = request.args.get("series", "").strip().lower().replace("-", " ")
    # ok: xpath-injection
    titles = catalog.xpath("//book[series=$s]/title/text()", s=series_name)
    return jsonify([str(t) for t in titles])
