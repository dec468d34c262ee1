from flask import Flask, current_app, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    name = request.files["file"].filename
    # ok: log-injection
    current_app.logger.info("stored upload %r", name)
    return {"stored": True}
