"""Remember-me sign-in: a long-lived cookie that signs a returning customer back in."""
import random
import secrets

from flask import Blueprint, make_response, redirect, session, url_for

from .db import get_db

remember_bp = Blueprint("remember", __name__)
REMEMBER_SECONDS = 30 * 24 * 3600


def store_remember_token(customer_id: int, token: str) -> None:
    db = get_db()
    db.execute("INSERT INTO remember_tokens (customer_id, token) VALUES (?, ?)", (customer_id, token))
    db.commit()


@remember_bp.route("/remember", methods=["POST"])
def remember_me():
    token = "%032x" % random.getrandbits(128)
    store_remember_token(session["customer_id"], token)
    response = make_response(redirect(url_for("shop.search_page")))
    response.set_cookie("remember_token", token, max_age=REMEMBER_SECONDS)
    return response


@remember_bp.route("/remember/secure", methods=["POST"])
def remember_me_securely():
    token = secrets.token_hex(16)
    store_remember_token(session["customer_id"], token)
    response = make_response(redirect(url_for("shop.search_page")))
    response.set_cookie("remember_token", token, max_age=REMEMBER_SECONDS, secure=True, httponly=True, samesite="Lax")
    return response
