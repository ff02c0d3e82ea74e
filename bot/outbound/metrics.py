"""Outbound counters for /metrics: every send result by channel and errcode."""

from __future__ import annotations

from prometheus_client import Counter

OUTBOUND_TOTAL = Counter(
    "laborbot_outbound",
    "Outbound send results by channel and WeChat errcode (0 = sent, network, budget).",
    ["channel", "errcode"],
)


def record_result(channel: str, errcode: int | str | None) -> None:
    """``errcode`` None means a network error or HTTP 5xx."""
    OUTBOUND_TOTAL.labels(channel=channel, errcode="network" if errcode is None else str(errcode)).inc()
