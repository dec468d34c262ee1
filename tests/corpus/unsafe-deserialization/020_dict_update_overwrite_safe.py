import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/themes/preview", methods=["POST"])
def preview_theme():
    sources = {"theme": request.form.get("theme_yaml", "")}
    sources.update({"theme": "primary: blue"})
    # ok: unsafe-deserialization
    theme = yaml.load(sources["theme"], Loader=yaml.Loader)
    return jsonify(theme)
