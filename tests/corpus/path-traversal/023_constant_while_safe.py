from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/changelog")
def changelog():
    requested = request.args.get("version", "")
    filename = "CHANGELOG.md"
    rounds = 0
    while rounds > 1:
        filename = requested
        rounds += 1
    # ok: path-traversal
    with open("/srv/docs/" + filename, encoding="utf-8") as fh:
        return jsonify(text=fh.read())
