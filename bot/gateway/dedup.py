"""De-duplication of WeChat's retries, shared across processes (database row, or Redis when set).

A key is claimed once. A retry of a finished message gets the same reply; a retry of one still
being handled gets ``success`` while the first handler's answer goes out through the outbox. A
claim left by a crashed process goes stale and may be taken again, so no message is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, Protocol

from sqlmodel import col, select, update

from bot import clock
from bot.store.db import Database
from bot.store.models import ProcessedMessage
from bot.store.upsert import insert_ignore

STALE_AFTER = timedelta(seconds=12)  # WeChat retries at ~5, 10 and 15 s
KEEP_FOR = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Claim:
    outcome: Literal["new", "done", "busy"]
    reply: str | None = None


class DedupStore(Protocol):
    def claim(self, key: str, openid: str) -> Claim: ...
    def complete(self, key: str, reply: str | None) -> None: ...
    def defer(self, key: str) -> None: ...


class DatabaseDedup:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(self, key: str, openid: str) -> Claim:
        now = clock.now()
        with self.db.session() as s:
            if insert_ignore(
                s, ProcessedMessage, {"key": key, "openid": openid, "status": "processing", "claimed_at": now,
                                      "deferred": False}
            ):
                return Claim("new")
            row = s.exec(select(ProcessedMessage).where(ProcessedMessage.key == key)).one()
            if row.status == "done":
                return Claim("done", row.reply)
            if now - row.claimed_at > STALE_AFTER:
                taken = s.exec(
                    update(ProcessedMessage)
                    .where(col(ProcessedMessage.key) == key, col(ProcessedMessage.claimed_at) == row.claimed_at)
                    .values(claimed_at=now)
                )
                if taken.rowcount:
                    return Claim("new")
            return Claim("busy")

    def complete(self, key: str, reply: str | None) -> None:
        with self.db.session() as s:
            s.exec(
                update(ProcessedMessage)
                .where(col(ProcessedMessage.key) == key)
                .values(status="done", reply=reply)
            )

    def defer(self, key: str) -> None:
        with self.db.session() as s:
            s.exec(update(ProcessedMessage).where(col(ProcessedMessage.key) == key).values(deferred=True))

    def prune(self) -> int:
        """Forget keys older than WeChat could ever retry them."""
        from sqlmodel import delete

        with self.db.session() as s:
            result = s.exec(
                delete(ProcessedMessage).where(col(ProcessedMessage.claimed_at) < clock.now() - KEEP_FOR)
            )
            return int(result.rowcount)


class RedisDedup:
    """The same contract on Redis: ``SET NX`` claims, the reply stored under the key when done."""

    def __init__(self, url: str, prefix: str = "laborbot:dedup:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix

    def claim(self, key: str, openid: str) -> Claim:
        now = clock.now().timestamp()
        name = self.prefix + key
        ttl = int(KEEP_FOR.total_seconds())
        if self.redis.set(name, f"p:{now}", nx=True, ex=ttl):
            return Claim("new")
        value = self.redis.get(name)
        if value is None:
            return self.claim(key, openid)
        text = value.decode("utf-8")
        if text.startswith("d:"):
            return Claim("done", text[2:] or None)
        started = float(text[2:] or 0)
        if now - started > STALE_AFTER.total_seconds():
            # Take over only if nobody else did in between (compare-and-set through WATCH).
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(name)
                    if pipe.get(name) == value:
                        pipe.multi()
                        pipe.set(name, f"p:{now}", ex=ttl)
                        pipe.execute()
                        return Claim("new")
                except Exception:  # redis.WatchError: someone else took it
                    pass
        return Claim("busy")

    def complete(self, key: str, reply: str | None) -> None:
        self.redis.set(self.prefix + key, "d:" + (reply or ""), ex=int(KEEP_FOR.total_seconds()))

    def defer(self, key: str) -> None:
        """Nothing to store: the handler that finishes late sends through the outbox itself."""
