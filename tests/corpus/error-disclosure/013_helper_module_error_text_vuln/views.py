from flask import Flask, jsonify

from .errors import describe

app = Flask(__name__)


@app.route("/backup", methods=["POST"])
def backup():
    try:
        run_backup()
    except OSError as exc:
        # ruleid: error-disclosure
        return jsonify(error=describe(exc)), 500
    return jsonify(done=True)


def run_backup():
    raise OSError("/mnt/backup: no space left on device")
