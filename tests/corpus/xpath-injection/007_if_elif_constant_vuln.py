from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
catalog = etree.parse("/srv/data/catalog.xml")


@app.route("/books/genre")
def by_genre():
    genre = request.args.get("genre", "")
    mode = 2
    if mode == 1:
        selector = "fiction"
    elif mode == 2:
        selector = genre
    else:
        selector = "history"
    # ruleid: xpath-injection
    nodes = catalog.xpath(f"//book[@genre='{selector}']/title/text()")
    return jsonify([str(n) for n in nodes])
