"""The service's clock: aware UTC, with an offset so tests and the simulator can time-travel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """Current time, timezone-aware UTC (SQLModel stores and returns UTC on both databases)."""
    return datetime.now(UTC) + _offset


def travel(delta: timedelta) -> None:
    """Move the clock forward (or back) for tests; never used in production code paths."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)
