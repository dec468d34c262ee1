import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/exports/cleanup", methods=["POST"])
def cleanup_export():
    supplied = request.form.get("file", "")
    policy = "named"
    match policy:
        case "named":
            victim = os.path.join("/srv/exports", supplied)
        case "oldest":
            victim = "/srv/exports/oldest.csv"
        case _:
            victim = "/srv/exports/tmp.csv"
    # ruleid: path-traversal
    os.unlink(victim)
    return jsonify(removed=victim)
