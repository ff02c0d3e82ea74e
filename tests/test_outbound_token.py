"""The shared access token: one fetch for many users, compare-and-invalidate, one retry on 40001."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
import requests
from redis import Redis

from bot import clock
from bot.outbound.client import SharedTokenClient, make_http
from bot.outbound.token import (
    DatabaseTokenStore,
    Fetch,
    RedisTokenStore,
    TokenError,
    TokenStore,
    http_token_fetcher,
)
from bot.outbound.transport import MockTransport, json_response
from bot.store.db import Database
from tests.wechat_stub import WeChatPlay

API = "http://wechat.test"


def counting_fetch(delay_s: float = 0.0) -> tuple[Fetch, list[str]]:
    issued: list[str] = []
    lock = threading.Lock()

    def fetch() -> tuple[str, int]:
        time.sleep(delay_s)
        with lock:
            issued.append(f"tok-{len(issued) + 1}")
            return issued[-1], 7200

    return fetch, issued


StoreFactory = Callable[[Fetch], TokenStore]


@pytest.fixture(params=["db", pytest.param("redis", marks=pytest.mark.redis)])
def store_factory(request: pytest.FixtureRequest, db: Database) -> StoreFactory:
    """Builds independent stores (as separate processes would) over one backend; caches off."""
    if request.param == "db":
        return lambda fetch: DatabaseTokenStore(db, app_id="wx1", fetch=fetch, cache=False)
    redis_url = request.getfixturevalue("redis_url")
    return lambda fetch: RedisTokenStore(Redis.from_url(redis_url), app_id="wx1", fetch=fetch, cache=False)


def test_two_store_users_share_one_fetch(store_factory: StoreFactory) -> None:
    fetch, issued = counting_fetch()
    first, second = store_factory(fetch), store_factory(fetch)

    assert first.get() == "tok-1"
    assert second.get() == "tok-1"
    assert [first.get() for _ in range(10)] == ["tok-1"] * 10
    assert issued == ["tok-1"]


def test_concurrent_first_use_fetches_once(store_factory: StoreFactory) -> None:
    fetch, issued = counting_fetch(delay_s=0.3)
    stores = [store_factory(fetch) for _ in range(6)]
    got: list[str] = []
    threads = [threading.Thread(target=lambda s=s: got.append(s.get())) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert got == ["tok-1"] * 6
    assert issued == ["tok-1"]


def test_compare_and_invalidate_only_drops_the_failed_token(store_factory: StoreFactory) -> None:
    fetch, issued = counting_fetch()
    a, b = store_factory(fetch), store_factory(fetch)
    failed = a.get()

    assert a.invalidate(failed) is True
    assert b.get() == "tok-2"
    # b saw the same failure late: the stored token is already a new one, so nothing is dropped.
    assert b.invalidate(failed) is False
    assert a.get() == "tok-2"
    assert issued == ["tok-1", "tok-2"]


def test_refreshes_a_few_minutes_before_expiry(db: Database) -> None:
    fetch, issued = counting_fetch()
    store = DatabaseTokenStore(db, app_id="wx1", fetch=fetch)  # with its process cache
    assert store.get() == "tok-1"

    clock.travel(timedelta(seconds=7200 - 600))
    assert store.get() == "tok-1"
    clock.travel(timedelta(seconds=301))  # now inside the 5-minute margin
    assert store.get() == "tok-2"
    assert issued == ["tok-1", "tok-2"]


def test_waiters_use_the_old_token_while_another_process_refreshes(db: Database) -> None:
    fetch, _ = counting_fetch()
    holder = DatabaseTokenStore(db, app_id="wx1", fetch=fetch, cache=False, lease=timedelta(minutes=10))
    holder.get()
    clock.travel(timedelta(seconds=7200 - 200))  # stale, but still valid for 200 s
    assert holder._read_or_take_lease() == (None, True)  # holder now owns the lease, fetch pending

    never: Fetch = lambda: pytest.fail("a waiter must not fetch")  # noqa: E731
    waiter = DatabaseTokenStore(db, app_id="wx1", fetch=never, cache=False, wait_s=0.3)
    assert waiter.get() == "tok-1"

    clock.travel(timedelta(seconds=190))  # old token nearly dead: wait, then give up
    with pytest.raises(TokenError, match="did not finish"):
        waiter.get()


def test_a_dead_holders_lease_lapses(db: Database) -> None:
    fetch, issued = counting_fetch()
    crashed = DatabaseTokenStore(db, app_id="wx1", fetch=fetch, cache=False, lease=timedelta(seconds=20))
    assert crashed._read_or_take_lease() == (None, True)  # then the process died

    clock.travel(timedelta(seconds=21))
    survivor = DatabaseTokenStore(db, app_id="wx1", fetch=fetch, cache=False)
    assert survivor.get() == "tok-1"
    assert issued == ["tok-1"]


def test_a_failed_fetch_releases_the_lease(db: Database) -> None:
    def refused() -> tuple[str, int]:
        raise TokenError("token fetch refused", errcode=40013)

    with pytest.raises(TokenError):
        DatabaseTokenStore(db, app_id="wx1", fetch=refused).get()
    fetch, issued = counting_fetch()
    assert DatabaseTokenStore(db, app_id="wx1", fetch=fetch, wait_s=0.2).get() == "tok-1"
    assert issued == ["tok-1"]


def test_token_call_goes_to_the_configured_base_and_reports_errcodes() -> None:
    seen: list[str] = []

    def handler(request: requests.PreparedRequest) -> requests.Response:
        seen.append(request.url or "")
        if "appid=bad" in (request.url or ""):
            return json_response({"errcode": 40164, "errmsg": "invalid ip, not in whitelist"})
        return WeChatPlay()(request)

    http = make_http(API, transport=MockTransport(handler))
    good = http_token_fetcher(http, app_id="good", secret="s")
    stable = http_token_fetcher(http, app_id="good", secret="s", endpoint="stable_token")
    bad = http_token_fetcher(http, app_id="bad", secret="s")

    assert good()[1] == 7200
    assert stable()[0].startswith("token-")
    with pytest.raises(TokenError) as refused:
        bad()
    assert refused.value.errcode == 40164
    assert seen[0].startswith(f"{API}/cgi-bin/token?grant_type=client_credential&appid=good")
    assert seen[1] == f"{API}/cgi-bin/stable_token"
    assert len(seen) == 3


def make_client(db: Database, play: WeChatPlay, **options: object) -> SharedTokenClient:
    http = make_http(API, transport=MockTransport(play))
    tokens = DatabaseTokenStore(db, app_id="wx1", fetch=http_token_fetcher(http, app_id="wx1", secret="s"))
    client = SharedTokenClient(appid="wx1", secret="s", tokens=tokens, timeout=2, **options)  # type: ignore[arg-type]
    client._http = http
    return client


def test_client_retries_once_after_40001_and_the_processes_do_not_storm(db: Database) -> None:
    play = WeChatPlay()
    first, second = make_client(db, play), make_client(db, play)
    first.message.send_text(user_id="o1", content="一")
    second.message.send_text(user_id="o1", content="二")
    assert play.token_fetches == 1

    play.revoke()  # e.g. someone fetched a token elsewhere
    first.message.send_text(user_id="o1", content="三")
    second.message.send_text(user_id="o1", content="四")

    assert [body["text"]["content"] for body in play.sent()] == ["一", "二", "三", "四"]
    assert play.token_fetches == 2  # second saw 40001 too, but re-read the shared token
    assert play.token_errors == 2


def test_client_gives_up_after_one_token_retry(db: Database) -> None:
    from wechatpy.exceptions import WeChatClientException

    play = WeChatPlay()
    play.script("/cgi-bin/message/custom/send", {"errcode": 40001, "errmsg": "x"}, {"errcode": 42001})
    client = make_client(db, play)
    with pytest.raises(WeChatClientException) as failed:
        client.message.send_text(user_id="o1", content="hi")
    assert failed.value.errcode == 42001
    assert play.token_fetches == 2  # the first token, one refresh; no third


def test_client_backs_off_on_5xx_within_bounds(db: Database) -> None:
    from wechatpy.exceptions import WeChatClientException

    slept: list[float] = []
    play = WeChatPlay()
    play.script("/cgi-bin/message/custom/send", 503, 502)
    client = make_client(db, play, sleep=slept.append, network_backoff_s=(0.1, 0.2))
    client.message.send_text(user_id="o1", content="hi")
    assert slept == [0.1, 0.2]

    play.script("/cgi-bin/message/custom/send", 500, 500, 500)
    with pytest.raises(WeChatClientException) as failed:
        client.message.send_text(user_id="o1", content="hi")
    assert failed.value.response.status_code == 500
    assert len(play.sent()) == 6  # 3 + 3: each bounded at two retries


def test_client_never_fetches_a_token_itself(db: Database) -> None:
    client = make_client(db, WeChatPlay())
    with pytest.raises(RuntimeError, match="shared TokenStore"):
        client.fetch_access_token()
