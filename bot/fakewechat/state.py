"""Everything the fake WeChat API remembers, in memory, behind one lock, inspectable from tests."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from bot.fakewechat.config import FakeConfig
from bot.fakewechat.custom_budget import CustomBudget, InteractionKind
from bot.fakewechat.faults import FaultBook, FaultRule
from bot.fakewechat.tokens import TokenBook

# WeChat counts daily quotas and monthly mass limits on Beijing time.
CHINA_TZ = timezone(timedelta(hours=8))


@dataclass
class Media:
    media_id: str
    type: str
    data: bytes
    content_type: str
    filename: str
    created_at: float


class FakeState:
    """Thread-safe store; route handlers and tests both go through its methods under ``lock``."""

    def __init__(self, config: FakeConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self.faults = FaultBook()
        self.closing = threading.Event()
        self._clock_offset = 0.0
        self._clear()

    def _clear(self) -> None:
        cfg = self.config
        self.tokens = TokenBook(expires_in=cfg.token_expires_in, grace_s=cfg.token_grace_s)
        self.budget = CustomBudget(
            window_s=cfg.custom_window_s,
            after_message=cfg.custom_after_message,
            after_event=cfg.custom_after_event,
            event_window_s=cfg.custom_event_window_s,
        )
        self.following: dict[str, bool] = dict.fromkeys(cfg.followers, True)
        self.optins: dict[tuple[str, str], int] = {}
        self.templates: dict[str, tuple[str, ...]] = dict(cfg.templates)
        self.subscribe_templates: dict[str, tuple[str, ...]] = dict(cfg.subscribe_templates)
        self.tags: dict[int, str] = {}
        self.user_tags: dict[str, list[int]] = {}
        self.menu: dict[str, Any] | None = None
        self.media: dict[str, Media] = {}
        self.quota_used: dict[tuple[str, str], int] = {}
        self.mass_clientmsgids: dict[str, tuple[int, float]] = {}
        self.mass_call_times: deque[float] = deque()
        self.mass_month: dict[tuple[str, str], int] = {}
        self.mass_jobs: dict[int, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.callbacks: list[dict[str, Any]] = []
        self._seq = 0
        self._next_id = 1_000_001

    def reset(self) -> None:
        """Forget everything (tokens, users, records, faults) and put the clock back."""
        with self.lock:
            self._clock_offset = 0.0
            self.faults.clear()
            self._clear()
            self._changed.notify_all()

    # clock ---------------------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self._clock_offset

    def advance(self, seconds: float) -> float:
        """Move the fake clock forward so tests time-travel instead of sleeping."""
        with self.lock:
            self._clock_offset += seconds
            return self.now()

    def day_key(self, at: float | None = None) -> str:
        return datetime.fromtimestamp(self.now() if at is None else at, CHINA_TZ).strftime("%Y-%m-%d")

    def month_key(self, at: float | None = None) -> str:
        return datetime.fromtimestamp(self.now() if at is None else at, CHINA_TZ).strftime("%Y-%m")

    def next_id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    # users ---------------------------------------------------------------------------------------
    def interact(self, openid: str, kind: InteractionKind, at: float | None = None) -> None:
        """Mirror what real WeChat learns when the user writes, clicks, follows or scans."""
        with self.lock:
            when = self.now() if at is None else at
            # Only a follower can write, click or scan, so any interaction means the user follows.
            self.following[openid] = True
            self.budget.open(openid, kind, when)

    def unfollow(self, openid: str) -> None:
        with self.lock:
            self.following[openid] = False

    def is_following(self, openid: str) -> bool:
        # Users the fake has never heard of count as followers: the simulator may skip the follow step.
        with self.lock:
            return self.following.get(openid, True)

    def followers(self) -> list[str]:
        with self.lock:
            return [openid for openid, yes in self.following.items() if yes]

    def optin(self, openid: str, template_id: str, *, long_term: bool = False) -> None:
        """Record a subscription-notification consent: one send, or unlimited when long-term."""
        with self.lock:
            key = (openid, template_id)
            self.optins[key] = -1 if long_term else max(self.optins.get(key, 0), 0) + 1

    def spend_optin(self, openid: str, template_id: str) -> bool:
        with self.lock:
            left = self.optins.get((openid, template_id), 0)
            if left == 0:
                return False
            if left > 0:
                self.optins[(openid, template_id)] = left - 1
            return True

    # media ---------------------------------------------------------------------------------------
    def put_media(
        self,
        data: bytes,
        *,
        type: str = "voice",
        filename: str = "media.amr",
        content_type: str = "audio/amr",
        media_id: str | None = None,
    ) -> str:
        with self.lock:
            media_id = media_id or secrets.token_urlsafe(48)
            self.media[media_id] = Media(media_id, type, data, content_type, filename, self.now())
            return media_id

    def get_media(self, media_id: str) -> Media | None:
        """Temporary media expire after three days, as WeChat's do."""
        with self.lock:
            media = self.media.get(media_id)
            if media is None or self.now() - media.created_at > self.config.media_lifetime_s:
                return None
            return media

    # quotas --------------------------------------------------------------------------------------
    def spend_quota(self, path: str) -> bool:
        """Count one call against the path's daily quota; False once it is used up."""
        limit = self.config.daily_quotas.get(path)
        with self.lock:
            key = (self.day_key(), path)
            used = self.quota_used.get(key, 0)
            if limit is not None and used >= limit:
                return False
            self.quota_used[key] = used + 1
            return True

    def clear_quota(self) -> None:
        with self.lock:
            self.quota_used.clear()

    # records -------------------------------------------------------------------------------------
    def _append(self, records: list[dict[str, Any]], item: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self._seq += 1
            item = {"seq": self._seq, "at": self.now(), **item}
            records.append(item)
            if len(records) > self.config.record_limit:
                del records[: len(records) - self.config.record_limit]
            self._changed.notify_all()
            return item

    def record_call(self, **call: Any) -> dict[str, Any]:
        return self._append(self.calls, call)

    def deliver(self, openid: str, *, channel: str, msgtype: str, text: str, payload: Any) -> dict[str, Any]:
        """Note what the user would now see on the phone."""
        item = {"openid": openid, "channel": channel, "msgtype": msgtype, "text": text, "payload": payload}
        return self._append(self.messages, item)

    def record_callback(self, **result: Any) -> dict[str, Any]:
        return self._append(self.callbacks, result)

    def calls_matching(
        self, *, path: str | None = None, openid: str | None = None, since: int = 0
    ) -> list[dict[str, Any]]:
        with self.lock:
            return [
                call
                for call in self.calls
                if call["seq"] > since
                and (path is None or call["path"] == path)
                and (openid is None or openid in call["openids"])
            ]

    def messages_for(self, openid: str | None = None, since: int = 0) -> list[dict[str, Any]]:
        with self.lock:
            return [
                message
                for message in self.messages
                if message["seq"] > since and (openid is None or message["openid"] == openid)
            ]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate`` holds (checked whenever a record is added) or the timeout passes."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def wait_callbacks(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait for ``count`` callback deliveries to have finished and return them."""
        self.wait_until(lambda: len(self.callbacks) >= count, timeout)
        with self.lock:
            return list(self.callbacks)

    def add_fault(self, **rule: Any) -> FaultRule:
        return self.faults.add(FaultRule(**rule))

    def summary(self) -> dict[str, Any]:
        with self.lock:
            return {
                "now": self.now(),
                "now_iso": datetime.fromtimestamp(self.now(), UTC).isoformat(),
                "following": dict(self.following),
                "tags": {str(tag_id): name for tag_id, name in self.tags.items()},
                "user_tags": {openid: list(ids) for openid, ids in self.user_tags.items()},
                "menu": self.menu,
                "media": sorted(self.media),
                "quota_used": {f"{day} {path}": n for (day, path), n in self.quota_used.items()},
                "mass_jobs": list(self.mass_jobs.values()),
                "faults": self.faults.rules(),
                "counts": {
                    "calls": len(self.calls),
                    "messages": len(self.messages),
                    "callbacks": len(self.callbacks),
                },
            }
