"""The bookkeeping every inbound message does, in one round of hand-written SQL (see ``rawsql``):
the user's row and 48-hour window, the conversation row (created and locked), the masked log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.store.rawsql import Raw


@dataclass
class ConversationRow:
    openid: str
    state: str | None
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None


def touch_user(raw: Raw, *, openid: str, at: datetime, message: bool) -> int:
    """Create the user if new; a message also renews ``last_inbound_at``. Returns the user id."""
    if message:
        row = raw.one(
            'INSERT INTO "user" (openid, role, followed, created_at, last_inbound_at) '
            "VALUES (:openid, 'worker', :yes, :at, :at) "
            "ON CONFLICT (openid) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, followed = :yes "
            "RETURNING id",
            {"openid": openid, "at": raw.time(at), "yes": raw.flag(True)},
        )
    else:
        row = raw.one(
            "INSERT INTO \"user\" (openid, role, followed, created_at) VALUES (:openid, 'worker', :yes, :at) "
            "ON CONFLICT (openid) DO UPDATE SET openid = excluded.openid RETURNING id",
            {"openid": openid, "at": raw.time(at), "yes": raw.flag(True)},
        )
    return int(row[0])


def lock_conversation(raw: Raw, *, openid: str, at: datetime) -> ConversationRow:
    """Create-or-lock in one statement: ``ON CONFLICT DO UPDATE`` holds the row lock on PostgreSQL until
    commit, so two messages of one user never interleave across processes (SQLite has one writer)."""
    row = raw.one(
        "INSERT INTO conversation (openid, state, data, updated_at) VALUES (:openid, NULL, :empty, :at) "
        "ON CONFLICT (openid) DO UPDATE SET openid = excluded.openid RETURNING state, data, updated_at",
        {"openid": openid, "empty": raw.json({}), "at": raw.time(at)},
    )
    return ConversationRow(openid, row[0], raw.read_json(row[1]) or {}, raw.read_time(row[2]))


def save_conversation(
    raw: Raw, *, conversation: ConversationRow, state: str | None, data: dict[str, Any], at: datetime
) -> None:
    """Write the state back, unless nothing changed and no flow is running (the common case)."""
    if state is None and conversation.state is None and data == conversation.data:
        return
    raw.execute(
        "UPDATE conversation SET state = :state, data = :data, updated_at = :at WHERE openid = :openid",
        {"state": state, "data": raw.json(data), "at": raw.time(at), "openid": conversation.openid},
    )


def log_inbound(
    raw: Raw, *, openid: str, msg_type: str, event: str | None, content: str | None, at: datetime
) -> None:
    raw.execute(
        "INSERT INTO inbound_message (openid, msg_type, event, content, received_at) "
        "VALUES (:openid, :msg_type, :event, :content, :at)",
        {"openid": openid, "msg_type": msg_type, "event": event, "content": content, "at": raw.time(at)},
    )
