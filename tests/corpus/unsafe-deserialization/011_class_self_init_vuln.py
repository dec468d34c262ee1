import json

import jsonpickle
from flask import Flask, jsonify, request

app = Flask(__name__)


class StateRestorer:
    def __init__(self, document):
        self.document = document

    def restore(self):
        # ruleid: unsafe-deserialization
        return jsonpickle.decode(self.document)


@app.route("/editor/restore", methods=["POST"])
def restore_editor():
    restorer = StateRestorer(request.form["state"])
    state = restorer.restore()
    return jsonify(cursor=state["cursor"], text=state["text"])
