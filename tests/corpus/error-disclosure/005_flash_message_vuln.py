from flask import Flask, flash, redirect, request

app = Flask(__name__)


@app.route("/settings", methods=["POST"])
def settings():
    try:
        save_settings(request.form)
    except OSError as exc:
        # ruleid: error-disclosure
        flash(f"Could not save: {exc}")
    return redirect("/settings")


def save_settings(form):
    raise OSError("/etc/shop/settings.ini: permission denied")
