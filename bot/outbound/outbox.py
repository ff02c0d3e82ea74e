"""The outbox: messages accepted for sending, once each, keyed by an idempotency key."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, col, select, update

from bot import clock
from bot.outbound import budget
from bot.outbound.outcomes import WINDOW_ERRCODES
from bot.store.models import OutboxMessage
from bot.store.rawsql import Raw
from bot.store.upsert import dialect_insert

Channel = Literal["custom", "template", "subscribe", "mass"]
CHANNELS: tuple[Channel, ...] = ("custom", "template", "subscribe", "mass")
OPEN_STATUSES = ("pending", "waiting")


def mass_client_msg_id(key: str) -> str:
    """WeChat caps ``clientmsgid`` at 64 bytes; longer idempotency keys are hashed."""
    return key if len(key.encode()) <= 64 else hashlib.sha256(key.encode()).hexdigest()


def validate_payload(channel: str, openid: str | None, payload: dict[str, Any]) -> None:
    """Refuse a payload the sender could not send, at enqueue time rather than at 3 a.m."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    if channel != "mass" and not openid:
        raise ValueError(f"channel {channel!r} needs an openid")
    if channel == "custom":
        msgtype = payload.get("msgtype")
        if not msgtype or msgtype not in payload:
            raise ValueError(
                'custom payload needs "msgtype" and a field of that name, e.g. {"msgtype":"text","text":"…"}'
            )
    elif channel in ("template", "subscribe"):
        if not payload.get("template_id") or not isinstance(payload.get("data"), dict):
            raise ValueError(f'{channel} payload needs "template_id" and a "data" dict')
    elif channel == "mass":
        if ("tag_id" in payload) == ("openids" in payload):
            raise ValueError('mass payload needs exactly one of "tag_id" or "openids"')
        if payload.get("msgtype") != "text" or not payload.get("text"):
            raise ValueError('mass payload supports {"msgtype":"text","text":"…"}')


def enqueue(
    session: Session,
    *,
    key: str,
    openid: str | None,
    channel: Channel,
    payload: dict[str, Any],
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Accept a message for sending; a second call with the same ``key`` returns the first row unchanged."""
    validate_payload(channel, openid, payload)
    now = clock.now()
    if channel == "mass" and "clientmsgid" not in payload:
        payload = {**payload, "clientmsgid": mass_client_msg_id(key)}
    insert = dialect_insert(session, OutboxMessage).values(
        idempotency_key=key,
        openid=openid,
        channel=channel,
        payload=payload,
        status="pending",
        attempts=0,
        next_attempt_at=not_before or now,
        created_at=now,
    )
    session.exec(insert.on_conflict_do_nothing(index_elements=["idempotency_key"]))
    statement = select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    return session.exec(statement.execution_options(populate_existing=True)).one()


def send_text(session: Session, *, key: str, openid: str, text: str) -> OutboxMessage:
    """A text for one user as a customer-service message (the usual way to say something later)."""
    return enqueue(
        session, key=key, openid=openid, channel="custom", payload={"msgtype": "text", "text": text}
    )


def cancel_for_user(session: Session, *, openid: str, reason: str) -> int:
    """Stop everything not yet sent to ``openid`` (they unfollowed); returns how many rows."""
    result = session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.openid) == openid, col(OutboxMessage.status).in_(OPEN_STATUSES))
        .values(status="cancelled", last_error=reason)
    )
    return result.rowcount


def release_waiting(session: Session, *, openid: str) -> int:
    """The user wrote again: rows held back for the service window become due now.

    Runs for every inbound message, so it is hand-written SQL (see ``bot.store.rawsql``)."""
    raw = Raw(session)
    codes = ", ".join(str(int(code)) for code in WINDOW_ERRCODES)
    result = raw.execute(
        f"UPDATE outbox SET status = 'pending', next_attempt_at = :now "
        f"WHERE openid = :openid AND status = 'waiting' AND last_errcode IN ({codes})",
        {"openid": openid, "now": raw.time(clock.now())},
    )
    return int(result.rowcount)


def user_interacted(session: Session, *, openid: str, kind: budget.Interaction, at: datetime) -> int:
    """Record the interaction in the budget ledger and release what waited for it; returns rows released."""
    budget.record_interaction(session, openid=openid, kind=kind, at=at)
    return release_waiting(session, openid=openid)


def record_report(session: Session, *, wechat_msg_id: str, status: str) -> int:
    """WeChat's TEMPLATESENDJOBFINISH / MASSSENDJOBFINISH: note the final delivery on the row sent."""
    result = session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.wechat_msg_id) == wechat_msg_id)
        .values(delivery=(status or "reported")[:64])
    )
    return result.rowcount
