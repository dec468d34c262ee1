"""Password hashing and content fingerprints shared by the storefront and the back office."""
import hashlib
import hmac
import os

PBKDF2_ITERATIONS = 600_000


def legacy_password_digest(password: str) -> str:
    """The digest stored by the first version of the shop; kept to migrate old accounts on login."""
    return hashlib.md5(password.encode()).hexdigest()


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${derived.hex()}"


def verify_password(password: str, stored: str) -> bool:
    _, iterations, salt_hex, digest_hex = stored.split("$")
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex), int(iterations))
    return hmac.compare_digest(derived.hex(), digest_hex)


def download_token(order_id: int, secret: bytes) -> str:
    return hashlib.sha1(f"{order_id}:{secret.hex()}".encode()).hexdigest()


def asset_fingerprint(content: bytes) -> str:
    return hashlib.md5(content, usedforsecurity=False).hexdigest()[:12]


def etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
