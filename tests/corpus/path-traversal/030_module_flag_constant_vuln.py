import os

from flask import Flask, request, send_file

app = Flask(__name__)
ALLOW_ANY_EXPORT = 10 // 3 == 3


@app.route("/exports/file")
def export_file():
    name = "latest.csv"
    if ALLOW_ANY_EXPORT:
        name = request.args.get("name", name)
    # ruleid: path-traversal
    return send_file(os.path.join("/srv/exports", name))
