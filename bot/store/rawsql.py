"""Hand-written SQL on the session's own connection, for the few statements every message runs.

SQLAlchemy's ORM costs a few hundred microseconds a statement; the callback's bookkeeping runs
six of them per message, so it talks to the driver directly (sqlite3 or psycopg) inside the same
transaction. SQL is written once with ``:name`` parameters; PostgreSQL gets ``%(name)s``.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

_NAMED = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


@lru_cache(maxsize=256)
def _pg(sql: str) -> str:
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


class Raw:
    """The driver connection of a session, with value conversions for its dialect.

    ``Raw(session)`` is made once per transaction and kept in ``session.info``."""

    __slots__ = ("conn", "pg")
    conn: Any
    pg: bool

    def __new__(cls, session: Session) -> Raw:
        cached: Raw | None = session.info.get("raw")
        if cached is not None:
            return cached
        self = super().__new__(cls)
        sa_conn = session.connection()
        self.pg = sa_conn.dialect.name == "postgresql"
        self.conn = sa_conn.connection.driver_connection
        session.info["raw"] = self
        return self

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        if self.pg:
            return self.conn.execute(_pg(sql), params or {})
        return self.conn.execute(sql, params or {})

    def one(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        return self.execute(sql, params).fetchone()

    def time(self, value: datetime | None) -> Any:
        """SQLite keeps SQLAlchemy's naive-UTC text form; PostgreSQL takes the aware value."""
        if value is None or self.pg:
            return value
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def read_time(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    def json(self, value: Any) -> Any:
        text = json.dumps(value, ensure_ascii=False)
        if self.pg:
            from psycopg.types.json import Json

            return Json(value)
        return text

    def read_json(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def flag(self, value: bool) -> Any:
        return value if self.pg else int(value)


@event.listens_for(Session, "after_transaction_end")
def _forget_connection(session: Session, _transaction: object) -> None:
    """After commit or rollback the connection goes back to the pool: never reuse it from here."""
    session.info.pop("raw", None)
