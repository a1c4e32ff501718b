"""Password hashing (argon2 via passlib) and session tokens (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets

from passlib.context import CryptContext

pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

MIN_PASSWORD_LENGTH = 12  # employees and company users alike
PASSWORD_TOO_SHORT = f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben."

# Verified against when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = pwd_context.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Return (valid, new_hash); new_hash is set when the stored hash should be upgraded."""
    if not password_hash:
        pwd_context.verify(password, _DUMMY_HASH)
        return False, None
    return pwd_context.verify_and_update(password, password_hash)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
