from flask import Flask, abort, render_template_string, request

app = Flask(__name__)
THEMES = {"light", "dark", "contrast"}


@app.route("/theme")
def theme():
    name = request.args.get("name", "light")
    if name not in THEMES: abort(400)
    # ok: template-injection
    return render_template_string("<body class='" + name + "'>{{ content }}</body>", content="hi")
