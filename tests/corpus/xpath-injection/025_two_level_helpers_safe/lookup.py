from lxml import etree

from .paths import by_attribute

DOC = etree.parse("/srv/data/assets.xml")


def find_assets(tag):
    # ok: xpath-injection
    return [e.get("id") for e in DOC.xpath(by_attribute("tag", tag))]
