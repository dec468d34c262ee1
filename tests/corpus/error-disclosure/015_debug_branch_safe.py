import traceback

from flask import Flask

app = Flask(__name__)


@app.route("/jobs/run", methods=["POST"])
def run_job():
    try:
        execute_job()
    except Exception:
        if app.debug:
            # ok: error-disclosure
            return traceback.format_exc(), 500
        return "job failed", 500
    return "ok"


def execute_job():
    raise RuntimeError("worker pool exhausted")
