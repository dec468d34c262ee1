from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_AGGREGATES = {"sum(values)", "max(values)", "min(values)", "len(values)"}


@app.route("/aggregate", methods=["POST"])
def aggregate():
    body = request.get_json()
    expr = body.get("aggregate", "sum(values)")
    if not expr:
        abort(400)
    # ruleid: code-injection
    result = eval(expr, {"__builtins__": {}, "sum": sum, "max": max, "min": min, "len": len}, {"values": body["values"]})
    return jsonify(result=result)
