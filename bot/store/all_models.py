"""Imports every table module so Alembic and the tests see the whole schema."""

from bot.store import employer_models, models, training_models  # noqa: F401
