"""The dialect's own INSERT, for ON CONFLICT on both SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def dialect_insert(session: Session, table: Any) -> Any:
    """``insert(table)`` that supports ``on_conflict_do_nothing/do_update`` for the session's database."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database dialect: {name}")


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
