from flask import Flask, request

app = Flask(__name__)
THEMES = ("light", "dark", "contrast")


@app.route("/theme")
def theme():
    name = request.args.get("theme", "light")
    if name not in THEMES:
        return "<p>No theme selected</p>"
    # ok: reflected-xss
    return f"<link rel='stylesheet' href='/static/themes/{name}.css'><p>Theme: {name}</p>"
