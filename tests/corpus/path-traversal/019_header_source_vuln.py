from pathlib import Path

from flask import Flask, jsonify, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
LOCALES = Path("/srv/i18n")


@app.route("/strings")
def strings():
    locale = request.headers.get("Accept-Language", "en").split(",")[0]
    target = LOCALES / f"{locale}.json"
    # ruleid: path-traversal
    return jsonify(target.read_text(encoding="utf-8"))
