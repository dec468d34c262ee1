from flask import Flask, redirect, request

from .links import return_url

app = Flask(__name__)


@app.route("/checkout/cancel")
def cancel_checkout():
    back = return_url(request.args.get("back", ""))
    # ruleid: open-redirect
    return redirect(back)
