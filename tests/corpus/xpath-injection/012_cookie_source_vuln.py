import xml.etree.ElementTree as ET

from flask import Flask, jsonify, request

app = Flask(__name__)
menus = ET.parse("/srv/data/menus.xml").getroot()
KNOWN_LOCALES = {"en", "de", "fr"}


@app.route("/menu")
def menu():
    locale = request.cookies.get("locale", "en")
    if locale not in KNOWN_LOCALES:
        app.logger.debug("unknown locale %s", locale)
    # ruleid: xpath-injection
    entries = menus.findall("./menu[@lang='" + locale + "']/entry")
    return jsonify([e.text for e in entries])
