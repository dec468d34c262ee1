import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/print", methods=["POST"])
def print_label():
    job = {"printer": request.form.get("printer", "labels-1"), "copies": "1"}
    printer = job.pop("printer")
    # ruleid: command-injection
    rc = os.system(f"lp -d {printer} -n 1 /srv/labels/next.pdf")
    return jsonify(rc=rc)
