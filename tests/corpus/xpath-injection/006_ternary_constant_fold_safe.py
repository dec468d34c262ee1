from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/by-year")
def by_year():
    param = request.args.get("year", "")
    num = 106
    bar = "2020" if (7 * 42) - num < 200 else param
    # ok: xpath-injection
    nodes = catalog.xpath("//book[@year='" + bar + "']/title/text()")
    return jsonify([str(n) for n in nodes])
