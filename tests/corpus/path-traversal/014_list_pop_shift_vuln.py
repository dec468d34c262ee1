import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/datasets/files")
def dataset_files():
    names = ["index.csv", request.args.get("dataset", ""), "summary.csv"]
    names.pop(0)
    dataset = names[0]
    # ruleid: path-traversal
    entries = os.listdir(os.path.join("/srv/datasets", dataset))
    return jsonify(files=sorted(entries))
