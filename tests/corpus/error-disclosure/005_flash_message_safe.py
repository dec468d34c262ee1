from flask import Flask, flash, redirect, request

app = Flask(__name__)


@app.route("/settings", methods=["POST"])
def settings():
    try:
        save_settings(request.form)
    except OSError as exc:
        # ok: error-disclosure
        flash("Could not save your settings, please try again.")
    return redirect("/settings")


def save_settings(form):
    raise OSError("/etc/shop/settings.ini: permission denied")
