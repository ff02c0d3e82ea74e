"""One message, one transaction: claim the de-duplication key, route, record the reply.

Runs in a worker thread. ``Late`` is shared with the waiting request: if the request gave up
(deadline), the finished reply goes out through the outbox instead, exactly once.
"""

from __future__ import annotations

import logging
import threading
import traceback

import xmltodict
from sqlmodel import Session

from bot import clock, metrics, router
from bot.context import AppContext
from bot.gateway.dedup import Claim
from bot.gateway.inbound import Inbound
from bot.privacy import hash_openid
from bot.store.models import DeadLetter
from content.messages import t

log = logging.getLogger("laborbot.gateway")


class Late:
    """Whether the request stopped waiting before the handler finished (guarded by a lock)."""

    __slots__ = ("done", "gave_up", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.gave_up = False

    def give_up(self) -> bool:
        """Called by the request at its deadline; False if the handler finished just in time."""
        with self.lock:
            if self.done:
                return False
            self.gave_up = True
            return True

    def finish(self) -> bool:
        """Called by the handler; True if the request already gave up."""
        with self.lock:
            self.done = True
            return self.gave_up


def process_message(app: AppContext, inbound: Inbound, late: Late) -> Claim:
    """Handle one message in a transaction of its own."""
    try:
        with app.db.session() as session:
            claim = handle_in(app, session, inbound, late)
    except Exception:
        return failed(app, inbound, late)
    committed(app, inbound, claim)
    return claim


def process_batch(app: AppContext, items: list[tuple[Inbound, Late]]) -> list[Claim]:
    """Handle several messages in one transaction, each in a savepoint of its own: one commit for
    all (on SQLite the commit is most of a message's cost). A message that fails rolls back only
    its savepoint; replies are released only after the commit, so none is sent and then lost."""
    claims: list[Claim | None] = []
    try:
        with app.db.session() as session:
            for inbound, late in items:
                try:
                    with session.begin_nested():
                        claims.append(handle_in(app, session, inbound, late))
                except Exception:
                    claims.append(None)
                    log.exception("handler failed", extra={"user": hash_openid(inbound.openid)})
    except Exception:  # the commit itself failed: nothing of the batch was stored
        return [failed(app, inbound, late) for inbound, late in items]
    results = []
    for (inbound, late), claim in zip(items, claims, strict=True):
        if claim is None:
            results.append(failed(app, inbound, late, logged=True))
        else:
            committed(app, inbound, claim)
            results.append(claim)
    return results


def handle_in(app: AppContext, session: Session, inbound: Inbound, late: Late) -> Claim:
    """Claim the de-duplication key, route, and record the reply, inside the caller's transaction."""
    key = inbound.dedup_key
    claim = app.dedup.claim(session, key, inbound.openid)
    if claim.outcome != "new":
        late.finish()
        return claim
    reply = router.handle(app, session, inbound)
    app.dedup.record(session, key, reply)
    if late.finish() and reply:
        _send_instead(app, session, inbound, reply)
    return Claim("new", reply)


def committed(app: AppContext, inbound: Inbound, claim: Claim) -> None:
    if claim.outcome == "new":
        app.dedup.committed(inbound.dedup_key, claim.reply)


def failed(app: AppContext, inbound: Inbound, late: Late, *, logged: bool = False) -> Claim:
    """Handling raised and was rolled back: keep the message for staff and tell the user."""
    metrics.HANDLER_ERRORS.inc()
    if not logged:
        log.exception("handler failed", extra={"user": hash_openid(inbound.openid)})
    app.dedup.failed(inbound.dedup_key)
    _keep_failed(app, inbound)
    late.finish()
    return Claim("new", t("error"))


def _send_instead(app: AppContext, session: Session, inbound: Inbound, reply: str) -> None:
    """The request answered ``success`` already: send the reply as a customer-service message."""
    from bot.outbound import outbox

    metrics.DEFERRED.inc()
    app.dedup.mark_deferred(session, inbound.dedup_key)
    outbox.send_text(session, key=f"late:{inbound.dedup_key}", openid=inbound.openid, text=reply)


def _keep_failed(app: AppContext, inbound: Inbound) -> None:
    """Keep the message for staff to see and replay; never let this second failure escape."""
    try:
        xml = xmltodict.unparse({"xml": inbound.raw or {}}) if inbound.raw else ""
        with app.db.session() as session:
            session.add(
                DeadLetter(
                    key=inbound.dedup_key,
                    openid=inbound.openid,
                    xml=xml,
                    error=traceback.format_exc(limit=5)[-2000:],
                    at=clock.now(),
                )
            )
    except Exception:
        log.exception("could not keep the failed message")
