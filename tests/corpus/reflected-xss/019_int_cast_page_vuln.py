from flask import Flask, request

app = Flask(__name__)


@app.route("/gallery")
def gallery():
    page = request.args.get("page", "1")
    # ruleid: reflected-xss
    return f"<h2>Gallery page {page}</h2><div id='grid'></div>"
