import subprocess

from flask import Flask, jsonify, request

from .commands import archive_command

app = Flask(__name__)


@app.route("/archives", methods=["POST"])
def create_archive():
    name = request.form["name"]
    # ruleid: command-injection
    subprocess.run(archive_command(name), shell=True, check=True)
    return jsonify(created=name)
