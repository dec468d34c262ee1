from flask import Flask, jsonify, request, session

app = Flask(__name__)
THEMES = {"light": "theme-light", "dark": "theme-dark"}


@app.route("/theme", methods=["POST"])
def theme():
    choice = request.form.get("theme", "light")
    css_class = THEMES.get(choice, choice)
    # ruleid: trust-boundary
    session["theme_class"] = css_class
    return jsonify(theme=css_class)
