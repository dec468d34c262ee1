import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/printers/test", methods=["POST"])
def print_test_page():
    queue = request.form.get("queue", "")
    printer = "office-1"
    attempts = 0
    while attempts < 1:
        printer = queue
        attempts += 1
    # ruleid: command-injection
    rc = os.system("lp -d " + printer + " /usr/share/cups/data/testprint")
    return jsonify(rc=rc)
