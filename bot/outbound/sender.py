"""The one sender: claims due outbox rows, spends budget, sends in a worker thread, records results.

A claimed row is ``sending`` with ``next_attempt_at`` as its lease: a process that dies mid-send leaves
the row to be claimed again once the lease lapses, so the worst case is one repeat (mass sends carry
``clientmsgid`` so WeChat refuses that repeat). A ``sent`` row is never claimed again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from requests.adapters import BaseAdapter
from sqlmodel import Session, col, select, update
from wechatpy.exceptions import WeChatClientException

from bot import clock
from bot.outbound import budget, outbox
from bot.outbound.client import SharedTokenClient, build_client, send_payload
from bot.outbound.metrics import record_result
from bot.outbound.outcomes import MAX_ATTEMPTS, REASONS, UNFOLLOWED, WINDOW_ERRCODES, Outcome, classify
from bot.outbound.token import TokenError
from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import OutboxMessage, User
from bot.store.upsert import is_postgres

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
POLL_S = 0.5
BATCH = 50


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    openid: str | None
    channel: str
    payload: dict[str, Any]
    attempts: int  # after this claim; also the fence that tells a stale worker it lost the row


class OutboundSender:
    """Sends the outbox: ``run_once``/``drain`` for tests and the CLI, ``start``/``stop`` in the app."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        client: SharedTokenClient | None = None,
        transport: BaseAdapter | None = None,
        lease: timedelta = LEASE,
        poll_s: float = POLL_S,
        batch: int = BATCH,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.db, self.settings = db, settings
        self._client, self._transport = client, transport
        self.lease, self.poll_s, self.batch, self.max_attempts = lease, poll_s, batch, max_attempts
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False

    @property
    def client(self) -> SharedTokenClient:
        if self._client is None:
            self._client = build_client(self.settings, db=self.db, transport=self._transport)
        return self._client

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self, limit: int = BATCH) -> int:
        """Claim up to ``limit`` due rows and deliver each; blocking, so call it from a thread."""
        claimed = self._claim(limit)
        for item in claimed:
            try:
                self._deliver(item)
            except Exception:
                log.exception("outbox row %s: delivery crashed; its lease will bring it back", item.id)
        return len(claimed)

    def drain(self, timeout_s: float = 10.0) -> int:
        """Run passes until nothing is due (or ``timeout_s`` passes); returns rows handled."""
        deadline = time.monotonic() + timeout_s
        total = 0
        while time.monotonic() < deadline:
            handled = self.run_once(self.batch)
            total += handled
            if handled == 0:
                break
        return total

    def _claim(self, limit: int) -> list[Claimed]:
        now = clock.now()
        with self.db.session() as session:
            # ``sending`` rows whose lease lapsed belong to a crashed process: take them back.
            due = (
                select(OutboxMessage.id)
                .where(
                    col(OutboxMessage.status).in_(("pending", "sending")),
                    OutboxMessage.next_attempt_at <= now,
                )
                .order_by(col(OutboxMessage.next_attempt_at))
                .limit(limit)
            )
            if is_postgres(session):
                due = due.with_for_update(skip_locked=True)
            ids = list(session.exec(due).all())
            if not ids:
                return []
            session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_(ids))
                .values(
                    status="sending",
                    attempts=col(OutboxMessage.attempts) + 1,
                    next_attempt_at=now + self.lease,
                )
            )
            rows = session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.id).in_(ids))
                .order_by(col(OutboxMessage.id))
                .execution_options(populate_existing=True)
            ).all()
            return [
                Claimed(
                    row.id or 0, row.idempotency_key, row.openid, row.channel, dict(row.payload), row.attempts
                )
                for row in rows
            ]

    def _deliver(self, item: Claimed) -> None:
        window: budget.Window | None = None
        with self.db.session() as session:
            if not self._renew_lease(session, item):
                return  # our lease lapsed and another process holds the row now
            if item.openid and item.channel != "mass" and not self._still_followed(session, item.openid):
                self._finish(
                    session, item, Outcome("cancelled", UNFOLLOWED, REASONS[UNFOLLOWED]), uncount=True
                )
                record_result(item.channel, "unfollowed")
                return
            if item.channel == "custom" and item.openid:
                window = budget.spend(session, openid=item.openid, at=clock.now())
                if window is None:
                    code = budget.refusal_code(session, openid=item.openid, at=clock.now())
                    self._finish(session, item, Outcome("waiting", code, REASONS[code]), uncount=True)
                    record_result(item.channel, "budget")
                    return

        errcode, errmsg, msg_id = self._send(item)
        outcome = classify(
            errcode, errmsg, attempts=item.attempts, now=clock.now(), max_attempts=self.max_attempts
        )
        with self.db.session() as session:
            if item.openid and errcode in WINDOW_ERRCODES:
                budget.exhaust(session, openid=item.openid)
            elif window and outcome.status != "sent":
                budget.refund(session, openid=item.openid or "", window=window)
            self._finish(session, item, outcome, msg_id=msg_id)
            if outcome.status == "cancelled" and item.openid:
                outbox.cancel_for_user(session, openid=item.openid, reason=outcome.reason or "")
        record_result(item.channel, errcode)
        if outcome.status != "sent":
            log.info("outbox row %s (%s): %s, errcode %s", item.id, item.channel, outcome.status, errcode)

    def _send(self, item: Claimed) -> tuple[int | None, str | None, str | None]:
        """(errcode, errmsg, msg_id); errcode None means network trouble or HTTP 5xx."""
        try:
            msg_id = send_payload(
                self.client, channel=item.channel, openid=item.openid, payload=item.payload, key=item.key
            )
            return 0, None, msg_id
        except WeChatClientException as exc:
            if exc.errcode is None:
                status = exc.response.status_code if exc.response is not None else "?"
                return None, f"HTTP {status}", None
            return int(exc.errcode), str(exc.errmsg), _msg_id_of(exc.response)
        except TokenError as exc:
            return exc.errcode, str(exc), None
        except requests.RequestException as exc:
            return None, type(exc).__name__, None
        except Exception as exc:  # a bad payload must fail after N attempts, not crash-loop on its lease
            log.exception("outbox row %s: unexpected error while sending", item.id)
            return None, f"{type(exc).__name__}: {exc}", None

    def _renew_lease(self, session: Session, item: Claimed) -> bool:
        result = session.exec(
            update(OutboxMessage).where(*self._fence(item)).values(next_attempt_at=clock.now() + self.lease)
        )
        return result.rowcount == 1

    def _still_followed(self, session: Session, openid: str) -> bool:
        user = session.exec(select(User).where(User.openid == openid)).first()
        return user is None or user.followed

    def _finish(
        self,
        session: Session,
        item: Claimed,
        outcome: Outcome,
        *,
        msg_id: str | None = None,
        uncount: bool = False,
    ) -> None:
        """Record the outcome, unless a newer claim owns the row. ``uncount``: no call to WeChat was made."""
        now = clock.now()
        values: dict[str, Any] = {
            "status": outcome.status,
            "last_errcode": outcome.errcode,
            "last_error": outcome.reason,
        }
        if outcome.status == "sent":
            values |= {"sent_at": now, "wechat_msg_id": msg_id, "last_error": None}
        if outcome.status == "pending":
            values["next_attempt_at"] = outcome.retry_at or now
        if uncount:
            values["attempts"] = item.attempts - 1
        session.exec(update(OutboxMessage).where(*self._fence(item)).values(**values))

    @staticmethod
    def _fence(item: Claimed) -> tuple[Any, ...]:
        return (
            col(OutboxMessage.id) == item.id,
            col(OutboxMessage.status) == "sending",
            col(OutboxMessage.attempts) == item.attempts,
        )

    # -- the app's background loop -------------------------------------------------------------

    async def start(self) -> None:
        """Start polling (every ``poll_s``, or at once after ``notify()``) for the app's lifespan."""
        if self._task is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbound-sender")

    async def stop(self) -> None:
        """Finish the pass in flight, then stop."""
        if self._task is None:
            return
        self._stopping = True
        self.notify()
        await self._task
        self._task = None

    def notify(self) -> None:
        """Something was enqueued: wake the loop now. Safe from any thread."""
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            wake.set()
        else:
            loop.call_soon_threadsafe(wake.set)

    async def _run(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            self._wake.clear()
            try:
                handled = await asyncio.to_thread(self.run_once, self.batch)
            except Exception:
                log.exception("outbound pass failed")
                handled = 0
            if handled >= self.batch or self._stopping:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)


def _msg_id_of(response: requests.Response | None) -> str | None:
    """A refused repeat mass send (45065) names the earlier send's id."""
    if response is None:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    msg_id = body.get("msg_id") or body.get("msgid") if isinstance(body, dict) else None
    return str(msg_id) if msg_id else None
