import os

from flask import Flask, jsonify, request

app = Flask(__name__)


class Workspace:
    def __init__(self, project):
        self.root = os.path.join("/srv/workspaces", os.path.basename(project))

    def files(self):
        # ok: path-traversal
        return sorted(os.listdir(self.root))


@app.route("/workspace/files")
def workspace_files():
    return jsonify(Workspace(request.args.get("project", "demo")).files())
