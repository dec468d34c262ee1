from flask import Flask, request
from jinja2 import DictLoader, Environment, select_autoescape

app = Flask(__name__)


@app.post("/newsletter")
def newsletter():
    footer = request.form.get("footer", "")
    # ruleid: template-injection
    loader = DictLoader({"base.html": "<main>{% block body %}{% endblock %}</main>" + footer})
    env = Environment(loader=loader, autoescape=select_autoescape())
    return {"page": env.get_template("base.html").render(footer=footer)}
