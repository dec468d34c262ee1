from flask import Flask, jsonify, request

app = Flask(__name__)
MAX_DEPTH = 3


@app.route("/expr")
def expr():
    source = "0"
    if MAX_DEPTH * 2 >= 6:
        source = request.args.get("source", source)
    # ruleid: code-injection
    return jsonify(value=eval(source, {"__builtins__": {}}))
