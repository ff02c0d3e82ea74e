"""Encryption at rest for the few fields that need it (ID numbers): Fernet, key from settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


def seal(value: str, *, secret: str) -> str:
    return _fernet(secret).encrypt(value.encode()).decode()


def unseal(token: str, *, secret: str) -> str | None:
    """The clear value, or None when the key changed or the token is damaged."""
    try:
        return _fernet(secret).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def blind_index(value: str, *, secret: str) -> str:
    """A keyed hash for finding a record by its sealed value (e.g. one enrolment per ID number)."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]
