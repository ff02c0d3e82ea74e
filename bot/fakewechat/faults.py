"""Injected faults: rules that make chosen API paths fail, stall or hang a set number of times."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class FaultRule:
    """One fault; ``path`` is exact or a prefix ending in ``*``; ``times=None`` fires until cleared."""

    path: str
    errcode: int | None = None
    errmsg: str | None = None
    http_status: int | None = None
    delay_ms: int = 0
    timeout: bool = False
    times: int | None = None
    openid: str | None = None
    id: int = 0
    hits: int = 0

    def matches(self, path: str, openids: list[str]) -> bool:
        path_ok = path.startswith(self.path[:-1]) if self.path.endswith("*") else path == self.path
        return path_ok and (self.openid is None or self.openid in openids)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    """Thread-safe list of rules; the first matching rule with uses left fires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._next_id = 1

    def add(self, rule: FaultRule) -> FaultRule:
        if rule.errcode is None and rule.http_status is None and not rule.delay_ms and not rule.timeout:
            raise ValueError("a fault needs errcode, http_status, delay_ms or timeout")
        with self._lock:
            rule.id = self._next_id
            self._next_id += 1
            self._rules.append(rule)
        return rule

    def take(self, path: str, openids: list[str]) -> FaultRule | None:
        """Fire the first matching rule, spending one of its uses."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(path, openids):
                    rule.hits += 1
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return FaultRule(**asdict(rule))
        return None

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.as_dict() for rule in self._rules]
