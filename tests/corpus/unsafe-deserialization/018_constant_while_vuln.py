import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
BLANK_FORM = pickle.dumps({"fields": {}})


@app.route("/forms/draft", methods=["POST"])
def load_draft():
    draft = BLANK_FORM
    rounds = 0
    while rounds < 1:
        draft = request.form.get("draft", "").encode("latin-1")
        rounds += 1
    # ruleid: unsafe-deserialization
    form = pickle.loads(draft)
    return jsonify(fields=form["fields"])
