"""Per-user conversation state: the flow state string and its data dict, locked while handled."""

from __future__ import annotations

from sqlmodel import Session, select

from bot import clock
from bot.store.models import Conversation
from bot.store.upsert import insert_ignore


def load_for_update(session: Session, *, openid: str) -> Conversation:
    """Load (creating if needed) and lock the user's row, so two messages of one user never
    interleave across processes: PostgreSQL holds the row lock until commit; SQLite's
    ``BEGIN IMMEDIATE`` already serialises writers."""
    insert_ignore(
        session, Conversation, {"openid": openid, "state": None, "data": {}, "updated_at": clock.now()}
    )
    stmt = select(Conversation).where(Conversation.openid == openid)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.exec(stmt).one()


def save(session: Session, *, conversation: Conversation, state: str | None, data: dict[str, object]) -> None:
    conversation.state = state
    conversation.data = dict(data)  # a new object, so SQLAlchemy sees the JSON change
    conversation.updated_at = clock.now()
    session.add(conversation)
