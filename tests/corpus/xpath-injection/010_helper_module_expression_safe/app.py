from flask import Flask, jsonify, request
from lxml import etree

from .queries import order_xpath

app = Flask(__name__)
orders = etree.parse("/srv/data/orders.xml")


@app.route("/orders/status")
def order_status():
    expr = order_xpath(request.args.get("id", ""))
    # ok: xpath-injection
    status = orders.xpath(expr)
    return jsonify(status=[str(s) for s in status])
