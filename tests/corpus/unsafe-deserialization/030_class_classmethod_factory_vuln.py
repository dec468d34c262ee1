import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
BLANK = pickle.dumps({"rows": []})


class Spreadsheet:
    def __init__(self, blob):
        self.blob = blob

    @classmethod
    def from_request(cls, req):
        return cls(req.files["sheet"].read())

    def rows(self):
        # ruleid: unsafe-deserialization
        return pickle.loads(self.blob)["rows"]


@app.route("/sheets/preview", methods=["POST"])
def preview_sheet():
    sheet = Spreadsheet.from_request(request)
    return jsonify(rows=sheet.rows()[:20])
