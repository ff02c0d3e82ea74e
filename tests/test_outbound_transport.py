"""The API-base adapter: every WeChat URL, the token call included, goes to the configured base."""

from __future__ import annotations

import pytest
import requests

from bot.outbound.client import build_client, make_http
from bot.outbound.token import RedisTokenStore
from bot.outbound.transport import MockTransport, json_response, rewrite_url
from bot.settings import Settings
from bot.store.db import Database
from tests.wechat_stub import WeChatPlay, serve


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.weixin.qq.com/cgi-bin/token?a=1", "http://fake:8901/cgi-bin/token?a=1"),
        ("http://api.weixin.qq.com/cgi-bin/x", "http://fake:8901/cgi-bin/x"),
        ("https://api.weixin.qq.com", "http://fake:8901"),
        (
            "https://api.weixin.qq.com.evil.example/cgi-bin/x",
            "https://api.weixin.qq.com.evil.example/cgi-bin/x",
        ),
        ("https://mp.weixin.qq.com/cgi-bin/showqrcode", "https://mp.weixin.qq.com/cgi-bin/showqrcode"),
    ],
)
def test_rewrite_url(url: str, expected: str) -> None:
    assert rewrite_url(url, "http://fake:8901/") == expected


def test_mounted_session_sends_wechat_calls_to_the_base() -> None:
    seen: list[str] = []

    def handler(request: requests.PreparedRequest) -> requests.Response:
        seen.append(request.url or "")
        return json_response({"errcode": 0})

    http = make_http("http://fake.test", transport=MockTransport(handler))
    http.get("https://api.weixin.qq.com/cgi-bin/token", params={"appid": "x"})
    http.post("http://api.weixin.qq.com/cgi-bin/menu/create", json={})
    assert seen == ["http://fake.test/cgi-bin/token?appid=x", "http://fake.test/cgi-bin/menu/create"]


def test_real_http_ignores_proxy_settings_for_a_loopback_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    play = WeChatPlay()
    with serve(play) as base_url:
        http = make_http(base_url)
        answer = http.get("https://api.weixin.qq.com/cgi-bin/token", timeout=5).json()
    assert answer["expires_in"] == 7200
    assert play.token_fetches == 1


@pytest.mark.redis
def test_the_client_uses_redis_when_configured(db: Database, redis_url: str) -> None:
    from redis import Redis

    play = WeChatPlay()
    settings = Settings(_env_file=None, env="test", wechat_api_base="http://w.test", redis_url=redis_url)  # type: ignore[call-arg]
    first = build_client(settings, db=db, transport=MockTransport(play))
    second = build_client(settings, db=db, transport=MockTransport(play))
    assert isinstance(first.tokens, RedisTokenStore)
    first.message.send_text(user_id="o1", content="a")
    second.message.send_text(user_id="o1", content="b")

    assert play.token_fetches == 1
    stored = Redis.from_url(redis_url).hget(first.tokens.key, "token")
    assert stored == (play.current_token or "").encode()
