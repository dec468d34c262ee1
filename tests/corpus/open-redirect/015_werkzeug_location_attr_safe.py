from flask import Flask, Response, request, url_for

app = Flask(__name__)


@app.route("/resume")
def resume():
    response = Response(status=302)
    # ok: open-redirect
    response.location = url_for("resume_page", step=request.args.get("from", "1"))
    return response
