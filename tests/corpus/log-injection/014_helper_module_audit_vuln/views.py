from flask import Flask, request

from .audit import record

app = Flask(__name__)


@app.route("/account/delete", methods=["POST"])
def delete_account():
    record("delete", request.form.get("reason", ""))
    return {"deleted": True}
