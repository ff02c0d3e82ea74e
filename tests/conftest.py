"""Shared fixtures: databases built through the migrations, on SQLite and (when reachable) PostgreSQL.

``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` name the services; with ``REQUIRE_SERVICES=1`` (CI) a
missing service fails the run instead of skipping its tests.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import clock
from bot.store.db import Database, make_engine, normalise_url
from bot.store.migrate import upgrade

REQUIRE = os.environ.get("REQUIRE_SERVICES") == "1"
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _unavailable(what: str) -> None:
    if REQUIRE:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not reachable")
    pytest.skip(f"{what} not configured or not reachable")


def _reachable(url: str, default_port: int) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), 1):
            return True
    except OSError:
        return False


def fresh_postgres_url() -> str:
    """Empty the test database's public schema and return its URL."""
    if not PG_URL or not _reachable(PG_URL, 5432):
        _unavailable("PostgreSQL (TEST_DATABASE_URL)")
    assert PG_URL
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return normalise_url(PG_URL)


def fresh_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(autouse=True)
def _reset_clock() -> Iterator[None]:
    clock.reset()
    yield
    clock.reset()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database on each backend."""
    url = fresh_sqlite_url(tmp_path) if request.param == "sqlite" else fresh_postgres_url()
    upgrade(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = fresh_sqlite_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database emptied for the test."""
    if not REDIS_URL or not _reachable(REDIS_URL, 6379):
        _unavailable("Redis (TEST_REDIS_URL)")
    assert REDIS_URL
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()
    yield REDIS_URL


# -- the running service -------------------------------------------------------------------------

from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN, Settings  # noqa: E402
from bot.simulator.peer import WeChatPeer  # noqa: E402


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "start_fake_wechat": False,
        "simulator_enabled": True,
        "scheduler_enabled": False,
        "wechat_api_base": "http://127.0.0.1:9",  # nothing listens: a test that sends must start a fake
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def fake_wechat() -> Iterator[object]:
    """The fake WeChat API on loopback (bot.fakewechat)."""
    from bot.fakewechat import FakeConfig, running_fake_wechat

    with running_fake_wechat(FakeConfig()) as fake:
        yield fake


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from bot.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


def make_peer(mode: str = "safe") -> WeChatPeer:
    return WeChatPeer(token=DEV_TOKEN, app_id=DEV_APP_ID, aes_key=DEV_AES_KEY, mode=mode)  # type: ignore[arg-type]


@pytest.fixture
def peer() -> WeChatPeer:
    return make_peer()


@pytest.fixture
def worker(client: object, peer: WeChatPeer) -> object:
    from tests.support import Persona

    return Persona(client, peer, "o_worker_1")  # type: ignore[arg-type]
