from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
atom = etree.parse("/srv/feeds/news.atom")


@app.route("/news/by-author", methods=["POST"])
def news_by_author():
    author = request.form.get("author", "")
    # ruleid: xpath-injection
    finder = etree.ETXPath("//{http://www.w3.org/2005/Atom}entry[{http://www.w3.org/2005/Atom}author='" + author + "']")
    return jsonify(count=len(finder(atom)))
