from flask import Flask, request, send_file

app = Flask(__name__)
BROCHURES = {"en": "/srv/brochures/brochure-en.pdf", "de": "/srv/brochures/brochure-de.pdf"}


@app.route("/brochure")
def brochure():
    lang = request.args.get("lang", "en")
    path = BROCHURES.get(lang, lang)
    # ruleid: path-traversal
    return send_file(path, mimetype="application/pdf")
