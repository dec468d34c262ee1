import sys

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/reindex", methods=["POST"])
def reindex():
    try:
        run_reindex()
    except Exception:
        info = str(sys.exc_info()[1])
        # ruleid: error-disclosure
        return jsonify(error=info), 500
    return jsonify(done=True)


def run_reindex():
    raise RuntimeError("elasticsearch at es.internal:9200 returned 503")
