import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/print", methods=["POST"])
def print_label():
    job = {"printer": "labels-1", "copies": request.form.get("copies", "1")}
    printer = job.pop("printer")
    # ok: command-injection
    rc = os.system(f"lp -d {printer} -n 1 /srv/labels/next.pdf")
    return jsonify(rc=rc)
