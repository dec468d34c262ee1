from flask import Flask, current_app, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    name = request.files["file"].filename
    # ruleid: log-injection
    current_app.logger.info("stored upload %s", name)
    return {"stored": True}
