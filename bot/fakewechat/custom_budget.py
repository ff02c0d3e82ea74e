"""The customer-service message budget a user's interactions open (the 48-hour window and its counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

InteractionKind = Literal["message", "click", "subscribe", "scan"]
INTERACTION_KINDS: tuple[str, ...] = ("message", "click", "subscribe", "scan")


@dataclass
class Grant:
    at: float
    until: float
    limit: int
    used: int = 0

    def live(self, now: float) -> bool:
        return self.at <= now < self.until


class CustomBudget:
    """A message opens 5 sends for 48 h; a click, follow or scan opens 3 sends for 1 minute.

    A newer interaction of the same family resets that family's grant (WeChat resets the count, it does
    not add to it). Sends spend the event grant first, because it runs out sooner.
    """

    def __init__(self, *, window_s: int, after_message: int, after_event: int, event_window_s: int) -> None:
        self.window_s = window_s
        self.after_message = after_message
        self.after_event = after_event
        self.event_window_s = event_window_s
        self._grants: dict[tuple[str, str], Grant] = {}

    def open(self, openid: str, kind: InteractionKind, at: float) -> None:
        if kind == "message":
            grant = Grant(at=at, until=at + self.window_s, limit=self.after_message)
            self._grants[(openid, "message")] = grant
        else:
            grant = Grant(at=at, until=at + self.event_window_s, limit=self.after_event)
            self._grants[(openid, "event")] = grant

    def spend(self, openid: str, now: float) -> int:
        """Spend one send: 0, or 45015 outside every window, or 45047 when the count is used up."""
        live = [
            grant
            for family in ("event", "message")
            if (grant := self._grants.get((openid, family))) is not None and grant.live(now)
        ]
        if not live:
            return 45015
        for grant in live:
            if grant.used < grant.limit:
                grant.used += 1
                return 0
        return 45047

    def remaining(self, openid: str, now: float) -> int:
        return sum(
            grant.limit - grant.used
            for family in ("event", "message")
            if (grant := self._grants.get((openid, family))) is not None and grant.live(now)
        )
