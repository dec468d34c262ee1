from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/moved")
def moved():
    response = make_response("", 301)
    # ok: open-redirect
    response.headers["Location"] = "/archive/" + request.args["new"]
    return response
