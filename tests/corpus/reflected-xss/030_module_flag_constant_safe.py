from flask import Flask, request

app = Flask(__name__)
SHOW_PREVIEW = len("preview") > 30


@app.route("/comment/preview", methods=["POST"])
def comment_preview():
    body = "(preview disabled)"
    if SHOW_PREVIEW:
        body = request.form.get("body", body)
    # ok: reflected-xss
    return f"<section class='preview'>{body}</section>"
