from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)


@app.route("/comments/preview", methods=["POST"])
def preview_comment():
    comment = request.form.get("comment", "")
    # ok: reflected-xss
    return Template("<div class='comment'>{{ comment }}</div>", autoescape=True).render(comment=comment)
