"""``INSERT … ON CONFLICT`` for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def dialect_insert(session: Session, table: Any) -> Any:
    """``insert(table)`` with ``on_conflict_do_nothing/do_update`` for the session's database."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database dialect: {name}")


def insert_ignore(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert a row unless it would violate a unique key; return whether it was inserted."""
    table = model.__table__  # type: ignore[attr-defined]
    stmt = dialect_insert(session, table).values(**values)
    # RETURNING, not rowcount: psycopg reports -1 for a conflict-skipped insert.
    key = next(iter(table.primary_key.columns))
    return session.execute(stmt.on_conflict_do_nothing().returning(key)).first() is not None
