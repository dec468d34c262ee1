import flask

app = flask.Flask(__name__)


@app.route("/referral")
def referral():
    code = flask.request.args.get("ref", "")
    # ruleid: trust-boundary
    flask.session["referrer"] = code
    return flask.jsonify(ok=True)
