from flask import Flask, request

app = Flask(__name__)


@app.route("/convert", methods=["POST"])
def convert():
    try:
        result = run_conversion(request.get_data())
    except RuntimeError as exc:
        # ruleid: error-disclosure
        return {"error": str(exc)}, 500
    return {"result": result}


def run_conversion(data):
    raise RuntimeError("converter binary /opt/conv/bin/conv exited with status 3")
