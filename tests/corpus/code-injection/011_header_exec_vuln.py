from flask import Flask, jsonify, request

app = Flask(__name__)
PROBES = {"routes": "result = len(app.url_map._rules)", "debug": "result = app.debug"}


@app.route("/debug/probe")
def probe():
    snippet = request.headers.get("X-Probe", "")
    scope = {}
    # ruleid: code-injection
    exec(snippet, {"app": app}, scope)
    return jsonify(result=str(scope.get("result")))
