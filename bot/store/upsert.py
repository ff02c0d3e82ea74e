"""``INSERT … ON CONFLICT DO NOTHING`` for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_ignore(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert a row unless it would violate a unique key; return whether it was inserted."""
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    stmt: Any = (postgresql if dialect == "postgresql" else sqlite).insert(table).values(**values)
    # RETURNING, not rowcount: psycopg reports -1 for a conflict-skipped insert.
    key = next(iter(table.primary_key.columns))
    return session.execute(stmt.on_conflict_do_nothing().returning(key)).first() is not None
