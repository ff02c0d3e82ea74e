"""Tables of the foundation: users, consent, conversation state, de-duplication, outbox, tokens.

Times are aware UTC (see ``bot.clock``). Later capabilities add their tables in modules of their
own and a migration each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from bot.clock import now


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, unique=True, index=True)
    role: str = Field(default="worker", max_length=16)  # worker | employer | staff
    followed: bool = True
    followed_at: datetime | None = None
    unfollowed_at: datetime | None = None
    qrscene: str | None = Field(default=None, max_length=64)
    last_inbound_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_at: datetime | None = None
    created_at: datetime = Field(default_factory=now)


class Consent(SQLModel, table=True):
    """A person's consent to one purpose; withdrawn consent keeps the row with ``revoked_at``."""

    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, index=True)
    purpose: str = Field(max_length=64)
    notice_version: str = Field(max_length=32)
    granted_at: datetime = Field(default_factory=now)
    revoked_at: datetime | None = None


class Conversation(SQLModel, table=True):
    """Where a user is in a flow: ``state`` like ``"enrol:phone"`` plus a small data dict."""

    openid: str = Field(primary_key=True, max_length=64)
    state: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=now)


class ProcessedMessage(SQLModel, table=True):
    """One row per inbound message or event key: the de-duplication record and its reply."""

    __tablename__ = "processed_message"
    key: str = Field(primary_key=True, max_length=160)
    openid: str = Field(max_length=64, index=True)
    status: str = Field(default="processing", max_length=16)  # processing | done
    claimed_at: datetime = Field(default_factory=now, index=True)
    reply: str | None = Field(default=None, sa_column=Column(Text))
    deferred: bool = False  # the passive reply was given up: the answer goes out through the outbox


class InboundMessage(SQLModel, table=True):
    """What users sent, with phone and ID numbers masked, for staff statistics."""

    __tablename__ = "inbound_message"
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, index=True)
    msg_type: str = Field(max_length=32)
    event: str | None = Field(default=None, max_length=48)
    content: str | None = Field(default=None, sa_column=Column(Text))
    received_at: datetime = Field(default_factory=now, index=True)


class HandoffRequest(SQLModel, table=True):
    """A user asked for a person (转人工)."""

    __tablename__ = "handoff_request"
    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, index=True)
    context: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(default_factory=now)


class SendReport(SQLModel, table=True):
    """Results WeChat reports back: TEMPLATESENDJOBFINISH and MASSSENDJOBFINISH events."""

    __tablename__ = "send_report"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    msg_id: str = Field(max_length=64, index=True)
    status: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    received_at: datetime = Field(default_factory=now)


class OutboxMessage(SQLModel, table=True):
    """A message accepted for sending; sent exactly once thanks to ``idempotency_key``."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=160, unique=True)
    openid: str | None = Field(default=None, max_length=64, index=True)
    channel: str = Field(max_length=16)  # custom | template | subscribe | mass
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=16)  # pending|sending|sent|waiting|failed|cancelled
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=now)
    last_errcode: int | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    wechat_msg_id: str | None = Field(default=None, max_length=64, index=True)
    delivery: str | None = Field(
        default=None, max_length=64
    )  # what WeChat reported later (job finish events)
    created_at: datetime = Field(default_factory=now)
    sent_at: datetime | None = None


class ServiceWindow(SQLModel, table=True):
    """Per-user customer-service budget: WeChat's 48-hour/5-message and 1-minute/3-message rules."""

    __tablename__ = "service_window"
    openid: str = Field(primary_key=True, max_length=64)
    message_at: datetime | None = None
    message_spent: int = 0
    click_at: datetime | None = None
    click_spent: int = 0


class AccessToken(SQLModel, table=True):
    """The one access token all processes share (when Redis is not configured)."""

    __tablename__ = "access_token"
    app_id: str = Field(primary_key=True, max_length=64)
    token: str | None = Field(default=None, max_length=600)
    expires_at: datetime | None = None
    refreshing_until: datetime | None = None


class StaffAudit(SQLModel, table=True):
    """Who looked at personal data in full, and why."""

    __tablename__ = "staff_audit"
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    subject: str = Field(max_length=128)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    at: datetime = Field(default_factory=now)


class DeadLetter(SQLModel, table=True):
    """A message whose handling failed: kept so staff can see it and replay it (``laborbot dead-letters``)."""

    __tablename__ = "dead_letter"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, index=True)
    openid: str = Field(max_length=64, index=True)
    xml: str = Field(sa_column=Column(Text, nullable=False))
    error: str = Field(sa_column=Column(Text, nullable=False))
    replayed: bool = False
    at: datetime = Field(default_factory=now)
