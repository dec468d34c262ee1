from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/language")
def by_language():
    lang = request.args.get("lang", "")
    view = "filtered"
    match view:
        case "all":
            expr = "//book/title/text()"
        case "filtered":
            expr = f"//book[@lang='{lang}']/title/text()"
        case _:
            expr = "//book[@lang='en']/title/text()"
    # ruleid: xpath-injection
    nodes = catalog.xpath(expr)
    return jsonify([str(n) for n in nodes])
