"""Signature and freshness checks for WeChat callbacks (constant time, with a replay window)."""

from __future__ import annotations

import hashlib
import hmac
import time


def sign(*parts: str) -> str:
    """WeChat's signature: sha1 of the sorted parts joined together."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def signature_ok(expected_parts: tuple[str, ...], signature: str) -> bool:
    return hmac.compare_digest(sign(*expected_parts).encode(), signature.lower().encode("utf-8", "replace"))


def fresh(timestamp: str, window_s: int, *, now: float | None = None) -> bool:
    """Refuse replays: WeChat's timestamp must be within ``window_s`` of our clock."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    return abs(current - ts) <= window_s
