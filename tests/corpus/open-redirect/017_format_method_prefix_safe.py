from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/shop/jump")
def shop_jump():
    section = request.args.get("section", "")
    # ok: open-redirect
    return redirect("/shop/{}/catalogue".format(section))
