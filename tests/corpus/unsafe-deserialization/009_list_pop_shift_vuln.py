import marshal

from flask import Flask, jsonify, request

app = Flask(__name__)
BUILTIN_HOOK = marshal.dumps(compile("result = 1", "<hook>", "exec"))


@app.route("/hooks/load", methods=["POST"])
def load_hook():
    candidates = [BUILTIN_HOOK, request.files["hook"].read(), BUILTIN_HOOK]
    candidates.pop(0)
    blob = candidates[0]
    # ruleid: unsafe-deserialization
    code = marshal.loads(blob)
    return jsonify(names=list(code.co_names))
