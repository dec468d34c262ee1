import html

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/convert")
def convert_units():
    factor = html.escape(request.args.get("factor", "1"))
    # ruleid: code-injection
    meters = eval(f"{factor} * 0.3048")
    return jsonify(meters=meters)
