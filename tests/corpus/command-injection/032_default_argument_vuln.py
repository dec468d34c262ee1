import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


def render_pdf(source, engine="wkhtmltopdf"):
    # ruleid: command-injection
    return subprocess.run(f"{engine} {source} /tmp/out.pdf", shell=True).returncode


@app.route("/pdf", methods=["POST"])
def pdf():
    return jsonify(rc=render_pdf("/srv/pages/invoice.html", request.form.get("engine", "wkhtmltopdf")))
