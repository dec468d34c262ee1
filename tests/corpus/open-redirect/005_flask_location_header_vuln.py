from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/moved")
def moved():
    response = make_response("", 301)
    # ruleid: open-redirect
    response.headers["Location"] = request.args["new"]
    return response
