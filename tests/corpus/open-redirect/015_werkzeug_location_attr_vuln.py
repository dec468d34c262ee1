from flask import Flask, Response, request, url_for

app = Flask(__name__)


@app.route("/resume")
def resume():
    response = Response(status=302)
    # ruleid: open-redirect
    response.location = request.args.get("from", "/")
    return response
