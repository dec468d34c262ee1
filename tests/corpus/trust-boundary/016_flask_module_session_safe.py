import flask

app = flask.Flask(__name__)


@app.route("/referral")
def referral():
    code = int(flask.request.args.get("ref", "0"))
    # ok: trust-boundary
    flask.session["referrer"] = code
    return flask.jsonify(ok=True)
