"""The schema is built by the migrations, and they go down and up again cleanly."""

from __future__ import annotations

from sqlalchemy import inspect

from bot.store.db import Database
from bot.store.migrate import downgrade, upgrade


def test_migrations_create_the_foundation_tables(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"user", "conversation", "processed_message", "outbox", "service_window", "access_token"} <= tables


def test_migrations_downgrade_and_upgrade_again(db_url: str) -> None:
    downgrade(db_url, "base")
    database = Database(db_url)
    assert "user" not in inspect(database.engine).get_table_names()
    database.dispose()
    upgrade(db_url)
    database = Database(db_url)
    assert "outbox" in inspect(database.engine).get_table_names()
    database.dispose()
