import marshal

from flask import Flask, jsonify, request

app = Flask(__name__)
STOCK_CODE = marshal.dumps(compile("total = 0", "<stock>", "exec"))


@app.route("/macros/run", methods=["POST"])
def run_macro():
    blobs = [STOCK_CODE]
    blobs.extend([request.get_data()])
    blob = blobs[0]
    # ok: unsafe-deserialization
    code = marshal.loads(blob)
    return jsonify(names=list(code.co_names))
