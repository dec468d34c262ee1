from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


class ConfigReader:
    def __init__(self, section):
        self.section = section
        self.tree = etree.parse("/etc/shop/settings.xml")

    def values(self):
        # ok: xpath-injection
        return [str(v) for v in self.tree.xpath("/settings/section[@name=$s]/*/text()", s=self.section)]


@app.route("/settings")
def settings():
    return jsonify(ConfigReader(request.args.get("section", "general")).values())
