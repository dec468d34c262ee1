from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/scale")
def scale():
    raw = request.args.get("factor", "1")
    try:
        factor = float(raw)
    except ValueError:
        factor = raw
    # ruleid: code-injection
    result = eval(f"100 * {factor}")
    return jsonify(result=result)
