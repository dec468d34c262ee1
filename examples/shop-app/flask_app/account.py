"""Customer accounts: sign-in and sign-out, returning the customer to the page they came from."""
from urllib.parse import urlparse

from flask import Blueprint, abort, redirect, request, session, url_for

account_bp = Blueprint("account", __name__)
SHOP_HOSTS = {"shop.example.com", "help.shop.example.com"}


@account_bp.route("/login", methods=["POST"])
def login():
    session["customer"] = request.form["email"]
    return redirect(request.args.get("next", "/"))


@account_bp.route("/logout")
def logout():
    session.pop("customer", None)
    target = request.args.get("next", "/")
    if urlparse(target).netloc not in SHOP_HOSTS:
        target = url_for("shop.search_page")
    return redirect(target)
