"""access_token issuing and checking, with WeChat's rotation grace and the stable_token variant."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["basic", "stable"]


@dataclass
class IssuedToken:
    value: str
    appid: str
    kind: TokenKind
    issued_at: float
    expires_at: float
    superseded_at: float | None = None


class TokenBook:
    """Tokens per (appid, kind); ``token`` and ``stable_token`` are isolated from each other, as in WeChat."""

    def __init__(self, *, expires_in: int, grace_s: int) -> None:
        self.expires_in = expires_in
        self.grace_s = grace_s
        self._by_value: dict[str, IssuedToken] = {}
        self._current: dict[tuple[str, TokenKind], IssuedToken] = {}

    def issue(self, appid: str, kind: TokenKind, now: float) -> IssuedToken:
        """Issue a new token; the previous one keeps working only for the grace period."""
        previous = self._current.get((appid, kind))
        if previous is not None:
            previous.superseded_at = now
        value = secrets.token_urlsafe(96)[:128]
        token = IssuedToken(value, appid, kind, issued_at=now, expires_at=now + self.expires_in)
        self._by_value[value] = token
        self._current[(appid, kind)] = token
        return token

    def stable(self, appid: str, now: float, *, force_refresh: bool) -> IssuedToken:
        """Return the current stable token while it is valid, unless a refresh is forced."""
        current = self._current.get((appid, "stable"))
        if current is not None and not force_refresh and current.expires_at > now:
            return current
        return self.issue(appid, "stable", now)

    def check(self, value: str | None, now: float) -> int:
        """0 for a usable token, else the errcode WeChat gives for it."""
        if not value:
            return 41001
        token = self._by_value.get(value)
        if token is None:
            return 40014 if len(value) < 32 else 40001
        if now >= token.expires_at:
            return 42001
        if token.superseded_at is not None and now >= token.superseded_at + self.grace_s:
            return 40001
        return 0

    def current(self, appid: str, kind: TokenKind = "basic") -> IssuedToken | None:
        return self._current.get((appid, kind))
