import traceback

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/rebuild", methods=["POST"])
def rebuild():
    try:
        rebuild_index()
    except Exception:
        detail = "the index could not be rebuilt"
        # ok: error-disclosure
        return make_response(detail, 500)
    return "ok"


def rebuild_index():
    raise OSError("/var/lib/search/index.lock is held by another process")
