"""De-duplication of WeChat's retries, shared across processes.

With the database (the default), the de-duplication row is inserted in the same transaction that
handles the message and records its reply: a retry waits for that transaction (the unique key)
and then finds the reply; a handler that fails rolls the row back, so the retry handles the
message again and nothing is lost. With Redis (``REDIS_URL``), ``SET NX`` claims the key before the
transaction and the reply is stored after it commits; a claim left by a crashed process goes stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, Protocol

from sqlmodel import Session, col, delete, update

from bot import clock
from bot.store.models import ProcessedMessage
from bot.store.rawsql import Raw

STALE_AFTER = timedelta(seconds=12)  # WeChat retries at ~5, 10 and 15 s
KEEP_FOR = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Claim:
    outcome: Literal["new", "done", "busy"]
    reply: str | None = None


class DedupStore(Protocol):
    def claim(self, session: Session, key: str, openid: str) -> Claim:
        """Claim ``key`` inside the handling transaction, or report what happened to it."""

    def record(self, session: Session, key: str, reply: str | None) -> None:
        """Store the reply in the same transaction."""

    def committed(self, key: str, reply: str | None) -> None:
        """Called after the transaction committed."""

    def mark_deferred(self, session: Session, key: str) -> None:
        """The passive reply was given up: note it (the reply went out through the outbox)."""

    def failed(self, key: str) -> None:
        """Handling raised and was rolled back: let a retry handle the message afresh."""


class DatabaseDedup:
    """Runs for every message, so in hand-written SQL (see ``bot.store.rawsql``)."""

    def claim(self, session: Session, key: str, openid: str) -> Claim:
        raw = Raw(session)
        inserted = raw.one(
            "INSERT INTO processed_message (key, openid, status, claimed_at, deferred) "
            "VALUES (:key, :openid, 'processing', :at, :no) ON CONFLICT (key) DO NOTHING RETURNING key",
            {"key": key, "openid": openid, "at": raw.time(clock.now()), "no": raw.flag(False)},
        )
        if inserted is not None:
            return Claim("new")
        status, reply = raw.one("SELECT status, reply FROM processed_message WHERE key = :key", {"key": key})
        return Claim("done", reply) if status == "done" else Claim("busy")

    def record(self, session: Session, key: str, reply: str | None) -> None:
        Raw(session).execute(
            "UPDATE processed_message SET status = 'done', reply = :reply WHERE key = :key",
            {"key": key, "reply": reply},
        )

    def committed(self, key: str, reply: str | None) -> None:
        pass

    def mark_deferred(self, session: Session, key: str) -> None:
        session.exec(update(ProcessedMessage).where(col(ProcessedMessage.key) == key).values(deferred=True))

    def failed(self, key: str) -> None:
        pass  # the rollback removed the row


def prune(session: Session) -> int:
    """Forget keys older than WeChat could ever retry them."""
    result = session.exec(
        delete(ProcessedMessage).where(col(ProcessedMessage.claimed_at) < clock.now() - KEEP_FOR)
    )
    return int(result.rowcount)


class RedisDedup:
    """The same contract on Redis: ``SET NX`` claims; the reply is stored under the key once committed."""

    def __init__(self, url: str, prefix: str = "laborbot:dedup:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix
        self.ttl = int(KEEP_FOR.total_seconds())

    def claim(self, session: Session, key: str, openid: str) -> Claim:
        import redis

        now = clock.now().timestamp()
        name = self.prefix + key
        if self.redis.set(name, f"p:{now}", nx=True, ex=self.ttl):
            return Claim("new")
        value = self.redis.get(name)
        if value is None:  # expired in between
            return self.claim(session, key, openid)
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        if text.startswith("d:"):
            return Claim("done", text[2:] or None)
        if now - float(text[2:] or 0) > STALE_AFTER.total_seconds():
            with self.redis.pipeline() as pipe:  # take over only if nobody else did in between
                try:
                    pipe.watch(name)
                    if pipe.get(name) == value:
                        pipe.multi()
                        pipe.set(name, f"p:{now}", ex=self.ttl)
                        pipe.execute()
                        return Claim("new")
                except redis.WatchError:
                    pass
        return Claim("busy")

    def record(self, session: Session, key: str, reply: str | None) -> None:
        pass

    def committed(self, key: str, reply: str | None) -> None:
        self.redis.set(self.prefix + key, "d:" + (reply or ""), ex=self.ttl)

    def mark_deferred(self, session: Session, key: str) -> None:
        pass

    def failed(self, key: str) -> None:
        self.redis.delete(self.prefix + key)
