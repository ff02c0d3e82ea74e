"""Prometheus metrics of the callback path (outbound results are counted in ``bot.outbound``)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

MESSAGES = Counter("laborbot_messages_total", "Inbound WeChat messages by type", ["type"])
REJECTED = Counter("laborbot_rejected_total", "Callback requests refused", ["reason"])
DEDUP_HITS = Counter(
    "laborbot_dedup_hits_total", "Retries answered from the de-duplication record", ["outcome"]
)
DEFERRED = Counter("laborbot_deferred_replies_total", "Replies sent later as customer-service messages")
HANDLER_ERRORS = Counter("laborbot_handler_errors_total", "Messages whose handling raised")
REPLY_LATENCY = Histogram(
    "laborbot_reply_seconds",
    "Time from request to passive reply",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 5),
)
