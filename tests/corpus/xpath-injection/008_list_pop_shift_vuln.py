from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/publisher")
def by_publisher():
    publishers = ["Penguin", request.args.get("publisher", ""), "Vintage"]
    publishers.pop(0)
    publisher = publishers[0]
    # ruleid: xpath-injection
    nodes = catalog.xpath(f"//book[publisher='{publisher}']/@isbn")
    return jsonify([str(n) for n in nodes])
