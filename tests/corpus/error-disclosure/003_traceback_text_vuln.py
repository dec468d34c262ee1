import traceback

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/rebuild", methods=["POST"])
def rebuild():
    try:
        rebuild_index()
    except Exception:
        detail = traceback.format_exc()
        # ruleid: error-disclosure
        return make_response(detail, 500)
    return "ok"


def rebuild_index():
    raise OSError("/var/lib/search/index.lock is held by another process")
