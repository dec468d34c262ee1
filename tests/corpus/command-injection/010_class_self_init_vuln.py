import shlex
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


class DocumentConverter:
    def __init__(self, target_format):
        self.target_format = target_format

    def convert(self, source):
        # ruleid: command-injection
        return subprocess.run(f"pandoc {source} -t {self.target_format} -o /tmp/out", shell=True).returncode


@app.route("/convert", methods=["POST"])
def convert():
    converter = DocumentConverter(request.form.get("to", "html"))
    return jsonify(rc=converter.convert("/srv/docs/manual.md"))
