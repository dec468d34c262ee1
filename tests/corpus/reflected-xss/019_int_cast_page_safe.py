from flask import Flask, request

app = Flask(__name__)


@app.route("/gallery")
def gallery():
    page = int(request.args.get("page", "1"))
    # ok: reflected-xss
    return f"<h2>Gallery page {page}</h2><div id='grid'></div>"
