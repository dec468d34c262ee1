from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)


def build_mail(greeting, body):
    # ruleid: template-injection
    return Template(greeting + "\n\n{{ body }}").render(body=body)


@app.post("/mail/test")
def test_mail():
    return {"mail": build_mail(request.form["greeting"], request.form["body"])}
