"""Customer accounts: sign-in and sign-out, returning the customer to the page they came from."""
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, redirect, request, session, url_for

account_bp = Blueprint("account", __name__)
SHOP_HOSTS = {"shop.example.com", "help.shop.example.com"}
CURRENCIES = {"EUR", "USD", "GBP"}


@account_bp.route("/login", methods=["POST"])
def login():
    session["signed_in"] = True
    return redirect(request.args.get("next", "/"))


@account_bp.route("/logout")
def logout():
    session.pop("customer", None)
    target = request.args.get("next", "/")
    if urlparse(target).netloc not in SHOP_HOSTS:
        target = url_for("shop.search_page")
    return redirect(target)


@account_bp.route("/newsletter", methods=["POST"])
def newsletter():
    session["newsletter_topic"] = request.form["topic"]
    return {"subscribed": True}


@account_bp.route("/currency", methods=["POST"])
def currency():
    code = request.form.get("currency", "EUR")
    if code not in CURRENCIES:
        abort(400)
    session["currency"] = code
    return {"currency": code}


@account_bp.route("/newsletter/unsubscribe", methods=["POST"])
def unsubscribe():
    reason = request.form.get("reason", "")
    current_app.logger.warning(f"newsletter unsubscribed: {reason}")
    current_app.logger.warning("newsletter unsubscribed: %r", reason)
    return {"unsubscribed": True}


@account_bp.route("/password", methods=["POST"])
def change_password():
    new_password = request.form["new_password"]
    current_app.logger.info("password changed, new password %r", new_password)
    current_app.logger.info("password changed, %d characters", len(new_password))
    return {"changed": True}
