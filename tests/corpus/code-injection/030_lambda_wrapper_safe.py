from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/transform", methods=["POST"])
def transform():
    body = request.get_json()
    # ok: code-injection
    make_fn = lambda src: eval("lambda x: " + src)
    fn = make_fn("x * 2")
    return jsonify(result=[fn(v) for v in body.get("values", [])])
