"""One access token shared by every process, refreshed by one holder under a lock.

Each process fetching its own token would rotate the others' out (40001), so the token lives in the
database (or Redis) and a lease names the single process allowed to fetch; the rest wait and re-read.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

import requests
from redis import Redis
from sqlmodel import col, select, update

from bot import clock
from bot.store.db import Database
from bot.store.models import AccessToken
from bot.store.upsert import dialect_insert

log = logging.getLogger(__name__)

TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
REFRESH_MARGIN = timedelta(minutes=5)
LEASE = timedelta(seconds=20)
WAIT_S = 25.0
POLL_S = 0.05
TokenEndpoint = Literal["token", "stable_token"]
Fetch = Callable[[], tuple[str, int]]  # -> (access_token, expires_in seconds)


class TokenError(RuntimeError):
    """No token could be had: WeChat refused the fetch, or the refresher did not finish in time."""

    def __init__(self, message: str, errcode: int | None = None) -> None:
        super().__init__(message)
        self.errcode = errcode


class TokenStore(Protocol):
    def get(self) -> str:
        """A valid token, fetched only if none is stored (or it is about to expire)."""
        ...

    def invalidate(self, failed: str) -> bool:
        """Forget ``failed`` if it is still the stored token; False when someone already replaced it."""
        ...


def http_token_fetcher(
    http: requests.Session,
    *,
    app_id: str,
    secret: str,
    endpoint: TokenEndpoint = "token",
    timeout: float = 10.0,
) -> Fetch:
    """A fetch function calling ``/cgi-bin/token`` or ``/cgi-bin/stable_token`` through ``http``."""

    def fetch() -> tuple[str, int]:
        base = "https://api.weixin.qq.com/cgi-bin/"
        if endpoint == "stable_token":
            body = {"grant_type": "client_credential", "appid": app_id, "secret": secret}
            response = http.post(base + "stable_token", json=body, timeout=timeout)
        else:
            params = {"grant_type": "client_credential", "appid": app_id, "secret": secret}
            response = http.get(base + "token", params=params, timeout=timeout)
        if response.status_code >= 400:
            raise TokenError(f"token endpoint answered HTTP {response.status_code}")
        result = response.json()
        if result.get("errcode"):
            raise TokenError(f"token fetch refused: {result}", errcode=int(result["errcode"]))
        return str(result["access_token"]), int(result.get("expires_in", 7200))

    return fetch


@dataclass(frozen=True)
class _Cached:
    value: str
    expires_at: datetime


class _ProcessCache:
    """The token this process last saw, so most calls touch neither the database nor Redis."""

    def __init__(self, enabled: bool, margin: timedelta) -> None:
        self.enabled = enabled
        self.margin = margin
        self._lock = threading.Lock()
        self._token: _Cached | None = None

    def get(self) -> str | None:
        token = self._token
        if self.enabled and token and token.expires_at - self.margin > clock.now():
            return token.value
        return None

    def put(self, value: str, expires_at: datetime) -> None:
        self._token = _Cached(value, expires_at)

    def drop(self, value: str) -> None:
        with self._lock:
            if self._token and self._token.value == value:
                self._token = None


class DatabaseTokenStore:
    """Token row per app id in ``access_token``; ``refreshing_until`` is the lease of the one fetcher."""

    def __init__(
        self,
        db: Database,
        *,
        app_id: str,
        fetch: Fetch,
        refresh_margin: timedelta = REFRESH_MARGIN,
        lease: timedelta = LEASE,
        wait_s: float = WAIT_S,
        poll_s: float = POLL_S,
        cache: bool = True,
    ) -> None:
        self.db, self.app_id, self.fetch = db, app_id, fetch
        self.margin, self.lease, self.wait_s, self.poll_s = refresh_margin, lease, wait_s, poll_s
        self._cache = _ProcessCache(cache, refresh_margin)

    def get(self) -> str:
        cached = self._cache.get()
        if cached:
            return cached
        deadline = time.monotonic() + self.wait_s
        while True:
            token, lease_won = self._read_or_take_lease()
            if token:
                return token
            if lease_won:
                return self._fetch_and_store()
            if time.monotonic() > deadline:
                raise TokenError("another process is refreshing the access token and did not finish")
            time.sleep(self.poll_s)

    def invalidate(self, failed: str) -> bool:
        self._cache.drop(failed)
        with self.db.session() as session:
            result = session.exec(
                update(AccessToken)
                .where(col(AccessToken.app_id) == self.app_id, col(AccessToken.token) == failed)
                .values(token=None, expires_at=None)
            )
            return result.rowcount == 1

    def _fresh(self, row: AccessToken, margin: timedelta) -> bool:
        return bool(row.token and row.expires_at and row.expires_at - margin > clock.now())

    def _read_or_take_lease(self) -> tuple[str | None, bool]:
        """Return a usable token, or whether this process now holds the lease to fetch one."""
        with self.db.session() as session:
            row = session.get(AccessToken, self.app_id)
            if row is not None and self._fresh(row, self.margin):
                return self._remember(row), False
        with self.db.session() as session:
            session.exec(
                dialect_insert(session, AccessToken).values(app_id=self.app_id).on_conflict_do_nothing()
            )
            # PostgreSQL: the row lock serialises contenders; SQLite: BEGIN IMMEDIATE already did.
            row = session.exec(
                select(AccessToken).where(AccessToken.app_id == self.app_id).with_for_update()
            ).one()
            now = clock.now()
            if self._fresh(row, self.margin):
                return self._remember(row), False
            if row.refreshing_until and row.refreshing_until > now:
                # Someone else is fetching; a token still valid for a while serves meanwhile.
                if self._fresh(row, timedelta(seconds=30)):
                    return row.token, False
                return None, False
            row.refreshing_until = now + self.lease
            session.add(row)
            return None, True

    def _remember(self, row: AccessToken) -> str:
        assert row.token and row.expires_at
        self._cache.put(row.token, row.expires_at)
        return row.token

    def _fetch_and_store(self) -> str:
        try:
            value, expires_in = self.fetch()
        except BaseException:
            with self.db.session() as session:
                session.exec(
                    update(AccessToken)
                    .where(col(AccessToken.app_id) == self.app_id)
                    .values(refreshing_until=None)
                )
            raise
        expires_at = clock.now() + timedelta(seconds=expires_in)
        with self.db.session() as session:
            session.exec(
                update(AccessToken)
                .where(col(AccessToken.app_id) == self.app_id)
                .values(token=value, expires_at=expires_at, refreshing_until=None)
            )
        log.info("fetched a new access token for %s (expires in %s s)", self.app_id, expires_in)
        self._cache.put(value, expires_at)
        return value


_CAS_DELETE = """
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisTokenStore:
    """Token hash with a TTL; ``SET NX PX`` lock names the one fetcher."""

    def __init__(
        self,
        redis: Redis,
        *,
        app_id: str,
        fetch: Fetch,
        refresh_margin: timedelta = REFRESH_MARGIN,
        lease: timedelta = LEASE,
        wait_s: float = WAIT_S,
        poll_s: float = POLL_S,
        cache: bool = True,
        prefix: str = "laborbot",
    ) -> None:
        self.redis = redis
        self.app_id, self.fetch = app_id, fetch
        self.margin, self.lease, self.wait_s, self.poll_s = refresh_margin, lease, wait_s, poll_s
        self.key = f"{prefix}:wechat:{app_id}:access_token"
        self.lock_key = self.key + ":lock"
        self._cache = _ProcessCache(cache, refresh_margin)

    def get(self) -> str:
        cached = self._cache.get()
        if cached:
            return cached
        deadline = time.monotonic() + self.wait_s
        while True:
            stored = self._read()
            if stored and stored.expires_at - self.margin > clock.now():
                self._cache.put(stored.value, stored.expires_at)
                return stored.value
            owner = secrets.token_hex(8)
            if self.redis.set(self.lock_key, owner, nx=True, px=int(self.lease.total_seconds() * 1000)):
                try:
                    return self._fetch_and_store()
                finally:
                    self.redis.eval(_RELEASE_LOCK, 1, self.lock_key, owner)
            if stored and stored.expires_at - timedelta(seconds=30) > clock.now():
                return stored.value
            if time.monotonic() > deadline:
                raise TokenError("another process is refreshing the access token and did not finish")
            time.sleep(self.poll_s)

    def invalidate(self, failed: str) -> bool:
        self._cache.drop(failed)
        return bool(self.redis.eval(_CAS_DELETE, 1, self.key, failed))

    def _read(self) -> _Cached | None:
        raw = {_text(k): _text(v) for k, v in self.redis.hgetall(self.key).items()}
        if "token" not in raw or "expires_at" not in raw:
            return None
        return _Cached(raw["token"], datetime.fromisoformat(raw["expires_at"]))

    def _fetch_and_store(self) -> str:
        stored = self._read()  # the previous holder may have finished just before we took the lock
        if stored and stored.expires_at - self.margin > clock.now():
            return stored.value
        value, expires_in = self.fetch()
        expires_at = clock.now() + timedelta(seconds=expires_in)
        pipe = self.redis.pipeline()
        pipe.hset(self.key, mapping={"token": value, "expires_at": expires_at.isoformat()})
        pipe.expire(self.key, max(expires_in, 1))
        pipe.execute()
        log.info("fetched a new access token for %s (expires in %s s)", self.app_id, expires_in)
        self._cache.put(value, expires_at)
        return value


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def make_token_store(
    *, db: Database, redis_url: str | None, app_id: str, fetch: Fetch, **options: object
) -> TokenStore:
    """Redis when configured, else the database."""
    if redis_url:
        return RedisTokenStore(Redis.from_url(redis_url), app_id=app_id, fetch=fetch, **options)  # type: ignore[arg-type]
    return DatabaseTokenStore(db, app_id=app_id, fetch=fetch, **options)  # type: ignore[arg-type]
