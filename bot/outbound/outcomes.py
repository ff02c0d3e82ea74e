"""What a send's result means for its outbox row: sent, retry later, wait, cancel or give up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

Status = Literal["sent", "pending", "waiting", "cancelled", "failed"]

OUTSIDE_WINDOW = 45015
OVER_BUDGET = 45047
UNFOLLOWED = 43004
BLOCKED = 43019
DAILY_QUOTA = 45009
MINUTE_QUOTA = 45011
MASS_DUPLICATE = 45065  # clientmsgid already used: WeChat refused a second copy of a mass send
WINDOW_ERRCODES = (OUTSIDE_WINDOW, OVER_BUDGET)
# Retrying these cannot help: the request itself is wrong.
PERMANENT_ERRCODES = frozenset({40003, 40008, 40037, 41028, 43101, 44002, 47001, 47003})

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(hours=1)
BEIJING = timezone(timedelta(hours=8))

REASONS: dict[int, str] = {
    OUTSIDE_WINDOW: "已超过48小时客服消息时限，等待用户再次发消息或改用模板消息",
    OVER_BUDGET: "客服消息额度已用完，等待用户下次互动或改用模板消息",
    UNFOLLOWED: "用户已取消关注，不再发送",
    BLOCKED: "用户已将公众号拉黑，不再发送",
    DAILY_QUOTA: "今日接口调用次数已达上限，明天再发",
    MINUTE_QUOTA: "接口调用过于频繁，稍后再发",
}


@dataclass(frozen=True)
class Outcome:
    status: Status
    errcode: int | None
    reason: str | None = None
    retry_at: datetime | None = None


def backoff(attempts: int) -> timedelta:
    """5 s, 15 s, 45 s, ... capped at an hour."""
    delay = BACKOFF_BASE * (3 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_CAP)


def next_quota_day(now: datetime) -> datetime:
    """WeChat resets daily quotas at midnight Beijing time; come back a few minutes after."""
    local = now.astimezone(BEIJING)
    tomorrow = (local + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return tomorrow.astimezone(now.tzinfo)


def classify(
    errcode: int | None, errmsg: str | None, *, attempts: int, now: datetime, max_attempts: int = MAX_ATTEMPTS
) -> Outcome:
    """Map a WeChat errcode (None for network errors and HTTP 5xx) to the row's next status."""
    if errcode == 0 or errcode == MASS_DUPLICATE:
        return Outcome("sent", errcode)
    if errcode in WINDOW_ERRCODES or errcode in (UNFOLLOWED, BLOCKED):
        status: Status = "waiting" if errcode in WINDOW_ERRCODES else "cancelled"
        return Outcome(status, errcode, REASONS[errcode])
    detail = errmsg or ("网络错误或微信服务器错误" if errcode is None else f"errcode {errcode}")
    if errcode in PERMANENT_ERRCODES or attempts >= max_attempts:
        return Outcome("failed", errcode, f"发送失败（{detail}）")
    if errcode == DAILY_QUOTA:
        return Outcome("pending", errcode, REASONS[errcode], next_quota_day(now))
    if errcode == MINUTE_QUOTA:
        return Outcome("pending", errcode, REASONS[errcode], now + timedelta(minutes=1))
    return Outcome("pending", errcode, f"稍后重试（{detail}）", now + backoff(attempts))
