from flask import Flask, jsonify, request

app = Flask(__name__)
PROBES = {"routes": "result = len(app.url_map._rules)", "debug": "result = app.debug"}


@app.route("/debug/probe")
def probe():
    snippet = PROBES.get(request.headers.get("X-Probe", ""), "result = None")
    scope = {}
    # ok: code-injection
    exec(snippet, {"app": app}, scope)
    return jsonify(result=str(scope.get("result")))
