from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books")
def books_by_author():
    author = request.args.get("author", "")
    # ruleid: xpath-injection
    titles = catalog.xpath(f"//book[author='{author}']/title/text()")
    return jsonify(titles=[str(t) for t in titles])
