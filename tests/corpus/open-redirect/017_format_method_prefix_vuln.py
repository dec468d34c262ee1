from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/shop/jump")
def shop_jump():
    section = request.args.get("section", "")
    # ruleid: open-redirect
    return redirect("{}/catalogue".format(section))
