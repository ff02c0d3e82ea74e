"""Imports every table module so Alembic and the tests see the whole schema."""

from bot.store import models  # noqa: F401
