import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
LINTERS = {"python": "ruff", "js": "eslint", "css": "stylelint"}


@app.route("/lint", methods=["POST"])
def lint():
    linter = request.form.get("linter", "ruff")
    # ruleid: command-injection
    proc = subprocess.run([linter, "/srv/workspace"], capture_output=True, text=True)
    return jsonify(report=proc.stdout)
