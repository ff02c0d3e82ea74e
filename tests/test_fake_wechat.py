"""The fake WeChat API, driven over loopback HTTP by wechatpy exactly as the bot will drive the real one."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import xmltodict
from typer.testing import CliRunner
from wechatpy import WeChatClient
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import WeChatClientException

from bot.fakewechat import FakeConfig, RunningFake, mount_api_base, running_fake_wechat
from bot.fakewechat.menu_rules import validate_menu
from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_APP_SECRET, DEV_TOKEN

API = "https://api.weixin.qq.com"
USER = "o_user_alice"
HOUR = 3600


@pytest.fixture
def fake() -> Iterator[RunningFake]:
    with running_fake_wechat() as running:
        yield running


def wechat(fake: RunningFake, **kwargs: Any) -> WeChatClient:
    """A wechatpy client whose calls to api.weixin.qq.com land on the fake."""
    kwargs.setdefault("timeout", 5)
    client = WeChatClient(appid=DEV_APP_ID, secret=DEV_APP_SECRET, **kwargs)
    mount_api_base(client._http, fake.base_url)
    return client


def errcode(call: Callable[[], object]) -> int:
    with pytest.raises(WeChatClientException) as info:
        call()
    return int(info.value.errcode)


def fetch_token(fake: RunningFake) -> str:
    token: str = wechat(fake).fetch_access_token()["access_token"]
    return token


def pinned(fake: RunningFake, token: str) -> WeChatClient:
    """A client that keeps using ``token`` and does not refresh it, to see what WeChat says about it."""
    return wechat(fake, access_token=token, auto_retry=False)


def interact(fake: RunningFake, openid: str = USER, kind: str = "message") -> None:
    fake.admin("POST", "/_fake/interaction", json={"openid": openid, "kind": kind})


@contextmanager
def callback_receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in for the bot's callback URL that answers ``success`` and keeps what it got."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            query = {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}
            received.append({"query": query, "body": body.decode()})
            self.send_response(200)
            self.send_header("Content-Length", "7")
            self.end_headers()
            self.wfile.write(b"success")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/wechat", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def plain_signature(query: dict[str, str], token: str = DEV_TOKEN) -> str:
    return hashlib.sha1("".join(sorted([token, query["timestamp"], query["nonce"]])).encode()).hexdigest()


# access_token ------------------------------------------------------------------------------------


def test_new_token_leaves_the_old_one_valid_only_for_the_grace_period(fake: RunningFake) -> None:
    first = fetch_token(fake)
    second = fetch_token(fake)  # another process refreshing on its own
    assert first != second
    assert pinned(fake, first).menu.create(
        menu_data={"button": [{"type": "click", "name": "帮助", "key": "H"}]}
    )

    fake.admin("POST", "/_fake/clock", json={"advance_seconds": 301})
    assert errcode(lambda: pinned(fake, first).menu.get()) == 40001
    assert pinned(fake, second).menu.get()["menu"]["button"][0]["key"] == "H"

    fake.state.advance(2 * HOUR)
    assert errcode(lambda: pinned(fake, second).menu.get()) == 42001
    # wechatpy refetches and retries once it hears 42001
    assert wechat(fake, access_token=second).menu.get()["menu"]["button"][0]["name"] == "帮助"


def test_token_errors_for_bad_credentials_and_tokens(fake: RunningFake) -> None:
    stranger = WeChatClient(appid="wx_other", secret="x", timeout=5)
    mount_api_base(stranger._http, fake.base_url)
    assert errcode(stranger.fetch_access_token) == 40013
    wrong_secret = WeChatClient(appid=DEV_APP_ID, secret="nope", timeout=5)
    mount_api_base(wrong_secret._http, fake.base_url)
    assert errcode(wrong_secret.fetch_access_token) == 40125

    assert requests.get(f"{fake.base_url}/cgi-bin/menu/get", timeout=5).json()["errcode"] == 41001
    assert errcode(lambda: pinned(fake, "garbage").menu.get()) == 40014


def test_stable_token_stays_the_same_until_forced(fake: RunningFake) -> None:
    session = requests.Session()
    mount_api_base(session, fake.base_url)
    body = {"grant_type": "client_credential", "appid": DEV_APP_ID, "secret": DEV_APP_SECRET}

    first = session.post(f"{API}/cgi-bin/stable_token", json=body, timeout=5).json()
    fake.state.advance(600)
    again = session.post(f"{API}/cgi-bin/stable_token", json=body, timeout=5).json()
    assert again["access_token"] == first["access_token"]
    assert first["expires_in"] == 7200
    assert 6590 <= again["expires_in"] <= 6600

    fetch_token(fake)  # the rotating token does not disturb the stable one
    assert pinned(fake, first["access_token"]).tag.get() == []

    forced = session.post(
        f"{API}/cgi-bin/stable_token", json={**body, "force_refresh": True}, timeout=5
    ).json()
    assert forced["access_token"] != first["access_token"]
    assert pinned(fake, first["access_token"]).tag.get() == []  # still inside the grace period
    fake.state.advance(301)
    assert errcode(lambda: pinned(fake, first["access_token"]).tag.get()) == 40001


# customer-service messages -----------------------------------------------------------------------


def test_custom_messages_need_an_open_window_and_respect_its_count(fake: RunningFake) -> None:
    client = wechat(fake)
    assert errcode(lambda: client.message.send_text(user_id=USER, content="你好")) == 45015

    interact(fake, kind="message")
    for n in range(5):
        client.message.send_text(user_id=USER, content=f"第{n + 1}条")
    assert errcode(lambda: client.message.send_text(user_id=USER, content="第6条")) == 45047

    fake.state.advance(48 * HOUR + 1)
    assert errcode(lambda: client.message.send_text(user_id=USER, content="迟到了")) == 45015

    interact(fake, kind="click")
    for _ in range(3):
        client.message.send_text(user_id=USER, content="菜单回复")
    assert errcode(lambda: client.message.send_text(user_id=USER, content="再来")) == 45047
    interact(fake, kind="scan")
    fake.state.advance(61)
    assert errcode(lambda: client.message.send_text(user_id=USER, content="一分钟后")) == 45015

    seen = fake.admin("GET", "/_fake/messages", params={"openid": USER})
    assert [m["text"] for m in seen["messages"]] == [*(f"第{n}条" for n in range(1, 6)), *["菜单回复"] * 3]
    assert {m["channel"] for m in seen["messages"]} == {"custom"}
    assert fake.admin("GET", "/_fake/messages", params={"openid": USER, "since": seen["cursor"]}) == {
        "messages": [],
        "cursor": seen["cursor"],
    }


def test_unfollowed_users_cannot_be_messaged(fake: RunningFake) -> None:
    interact(fake)
    fake.admin("POST", "/_fake/unfollow", json={"openid": USER})
    assert errcode(lambda: wechat(fake).message.send_text(user_id=USER, content="还在吗")) == 43004


def test_news_with_more_than_one_article_is_refused(fake: RunningFake) -> None:
    interact(fake)
    article = {"title": "培训报名", "description": "点此报名", "url": "https://example.org/a"}
    client = wechat(fake)
    assert errcode(lambda: client.message.send_articles(user_id=USER, articles=[article, article])) == 45008
    client.message.send_articles(user_id=USER, articles=[article])
    assert fake.state.messages_for(USER)[-1]["text"] == "培训报名\n点此报名\nhttps://example.org/a"


def test_messages_long_poll_returns_as_soon_as_something_arrives(fake: RunningFake) -> None:
    interact(fake)
    threading.Timer(0.2, lambda: wechat(fake).message.send_text(user_id=USER, content="来了")).start()
    started = time.monotonic()
    reply = fake.admin("GET", "/_fake/messages", params={"openid": USER, "wait_s": 5})
    assert [m["text"] for m in reply["messages"]] == ["来了"]
    assert time.monotonic() - started < 2


# template messages and subscription notifications ------------------------------------------------


def test_template_send_reports_its_fate_by_callback() -> None:
    with callback_receiver() as (url, received), running_fake_wechat(FakeConfig(callback_url=url)) as fake:
        client = wechat(fake)
        data = {"keyword1": {"value": "电工培训"}, "keyword2": {"value": "6月1日"}}
        assert (
            errcode(lambda: client.message.send_template(user_id=USER, template_id="nope", data=data))
            == 40037
        )
        assert (
            errcode(lambda: client.message.send_template(user_id=USER, template_id="tpl_dev_notice", data={}))
            == 47003
        )
        sent = client.message.send_template(user_id=USER, template_id="tpl_dev_notice", data=data)
        fake.admin("POST", "/_fake/unfollow", json={"openid": "o_gone"})
        blocked = client.message.send_template(user_id="o_gone", template_id="tpl_dev_notice", data=data)

        callbacks = fake.state.wait_callbacks(2)
        assert [c["status"] for c in callbacks] == [200, 200]
        events = {}
        for item in received:
            assert item["query"]["signature"] == plain_signature(item["query"])
            xml = xmltodict.parse(item["body"])["xml"]
            events[int(xml["MsgID"])] = xml
        assert events[sent["msgid"]]["Status"] == "success"
        assert events[sent["msgid"]]["Event"] == "TEMPLATESENDJOBFINISH"
        assert events[blocked["msgid"]]["Status"] == "failed:user block"
        assert [m["text"] for m in fake.state.messages_for()] == ["keyword1: 电工培训\nkeyword2: 6月1日"]


def test_subscription_notification_needs_an_opt_in_per_send(fake: RunningFake) -> None:
    client = wechat(fake)
    data = {"thing1": {"value": "技能培训开班"}, "time2": {"value": "2024年6月1日"}}

    def send() -> object:
        return client.message.send_subscribe_message(openid=USER, template_id="sub_dev_notice", data=data)

    assert errcode(send) == 43101
    fake.admin("POST", "/_fake/subscribe_optin", json={"openid": USER, "template_id": "sub_dev_notice"})
    assert send() == {"errcode": 0, "errmsg": "ok"}
    assert errcode(send) == 43101  # a one-time consent is spent
    assert fake.state.messages_for(USER)[0]["channel"] == "subscribe"


# mass send ---------------------------------------------------------------------------------------


def test_mass_send_by_tag_is_deduplicated_and_reports_by_signed_callback() -> None:
    with callback_receiver() as (url, received), running_fake_wechat(FakeConfig(callback_url=url)) as fake:
        client = wechat(fake)
        tag_id = client.tag.create(name="济南电工")["id"]
        client.tag.tag_user(tag_id=tag_id, user_id=["o_a", "o_b", "o_c"])
        fake.admin("POST", "/_fake/unfollow", json={"openid": "o_c"})

        sent = client.message.send_mass_text(
            content="下周开班", tag_or_users=tag_id, client_msg_id="notice-1"
        )
        with pytest.raises(WeChatClientException) as repeat:
            client.message.send_mass_text(content="下周开班", tag_or_users=tag_id, client_msg_id="notice-1")
        assert repeat.value.errcode == 45065
        assert repeat.value.response.json()["msg_id"] == sent["msg_id"]
        assert "msg_data_id" in sent

        [callback] = fake.state.wait_callbacks(1)
        assert callback["status"] == 200 and callback["reply"] == "success"
        [push] = received
        assert push["query"]["signature"] == plain_signature(push["query"])
        event = xmltodict.parse(push["body"])["xml"]
        assert event["Event"] == "MASSSENDJOBFINISH"
        assert int(event["MsgID"]) == sent["msg_id"]
        counts = {key: int(event[key]) for key in ("TotalCount", "FilterCount", "SentCount", "ErrorCount")}
        assert counts == {"TotalCount": 2, "FilterCount": 2, "SentCount": 2, "ErrorCount": 0}
        assert {m["openid"] for m in fake.state.messages_for()} == {"o_a", "o_b"}

        fake.state.advance(24 * HOUR + 1)
        later = client.message.send_mass_text(
            content="下周开班", tag_or_users=tag_id, client_msg_id="notice-1"
        )
        assert later["msg_id"] != sent["msg_id"]


def test_mass_send_callback_in_safe_mode_decrypts_with_the_account_key() -> None:
    with callback_receiver() as (url, received):
        config = FakeConfig(callback_url=url, callback_encrypt="safe")
        with running_fake_wechat(config) as fake:
            sent = wechat(fake).message.send_mass_text(content="通知", tag_or_users=["o_a", "o_b"])
            fake.state.wait_callbacks(1)
    [push] = received
    query = push["query"]
    assert query["encrypt_type"] == "aes"
    assert query["signature"] == plain_signature(query)
    assert "<Event>" not in push["body"]
    crypto = WeChatCrypto(DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID)
    plain = crypto.decrypt_message(push["body"], query["msg_signature"], query["timestamp"], query["nonce"])
    event = xmltodict.parse(plain)["xml"]
    assert (event["Event"], int(event["MsgID"]), int(event["SentCount"])) == (
        "MASSSENDJOBFINISH",
        sent["msg_id"],
        2,
    )


def test_mass_send_limits(fake: RunningFake) -> None:
    client = wechat(fake)
    assert errcode(lambda: client.message.send_mass_text(content="单人", tag_or_users=["o_a"])) == 40130
    for _ in range(4):
        client.message.send_mass_text(content="月度", tag_or_users=["o_a", "o_b"])
    fifth = client.message.send_mass_text(content="月度", tag_or_users=["o_a", "o_b"])
    job = fake.state.mass_jobs[fifth["msg_id"]]
    assert (job["TotalCount"], job["FilterCount"], job["SentCount"]) == (2, 0, 0)
    assert len(fake.state.messages_for("o_a")) == 4

    fake.state.config.mass_calls_per_minute = 5
    assert (
        errcode(lambda: client.message.send_mass_text(content="太快", tag_or_users=["o_a", "o_b"])) == 45011
    )
    fake.state.advance(61)
    client.message.send_mass_text(content="慢一点", tag_or_users=["o_a", "o_b"])


# tags, menu, media -------------------------------------------------------------------------------


def test_tags_round_trip(fake: RunningFake) -> None:
    client = wechat(fake)
    tag_id = client.tag.create(name="青岛厨师")["id"]
    assert errcode(lambda: client.tag.create(name="青岛厨师")) == 45157
    client.tag.tag_user(tag_id=tag_id, user_id=["o_a", "o_b"])
    assert client.tag.get() == [{"id": tag_id, "name": "青岛厨师", "count": 2}]
    assert list(client.tag.iter_tag_users(tag_id=tag_id)) == ["o_a", "o_b"]
    assert client.tag.get_user_tag(user_id="o_a") == [tag_id]
    assert errcode(lambda: client.tag.tag_user(tag_id=999, user_id="o_a")) == 45159


def _click(name: str = "帮助", key: str | None = "HELP") -> dict[str, str]:
    return {"type": "click", "name": name, **({"key": key} if key else {})}


@pytest.mark.parametrize(
    ("menu", "code"),
    [
        ({"button": []}, 40016),
        ({"button": [_click()] * 4}, 40016),
        ({"button": [{"type": "nope", "name": "帮助"}]}, 40017),
        ({"button": [_click(name="这是一个特别长的菜单名字")]}, 40018),
        ({"button": [_click(key=None)]}, 40019),
        ({"button": [{"type": "view", "name": "官网"}]}, 40020),
        ({"button": [{"type": "view", "name": "官网", "url": "ftp://x"}]}, 40055),
        ({"button": [{"name": "服务", "sub_button": [_click()] * 6}]}, 40023),
        ({"button": [{"name": "服务", "sub_button": [_click(key=None)]}]}, 40026),
        ({"button": [{"name": "服务", "sub_button": [{"type": "view", "name": "x", "url": "x.cn"}]}]}, 40054),
    ],
)
def test_menu_validation_codes(menu: dict[str, Any], code: int) -> None:
    assert validate_menu(menu) == code


def test_menu_create_and_get_over_http(fake: RunningFake) -> None:
    client = wechat(fake)
    assert client.menu.get() is None  # wechatpy turns 46003 "menu no exist" into None
    assert fake.state.calls_matching(path="/cgi-bin/menu/get")[0]["errcode"] == 46003
    assert errcode(lambda: client.menu.create(menu_data={"button": [_click(key=None)]})) == 40019
    menu = {"button": [_click(), {"name": "服务", "sub_button": [_click("政策", "POLICY")] * 5}]}
    client.menu.create(menu_data=menu)
    assert client.menu.get() == {"menu": menu}


def test_media_download_and_upload(fake: RunningFake) -> None:
    client = wechat(fake)
    media_id = fake.admin("POST", "/_fake/media", json={"data_base64": "IyFBTVIK"})["media_id"]
    assert client.media.download(media_id=media_id).content == b"#!AMR\n"
    assert errcode(lambda: client.media.download(media_id="unknown")) == 40007

    uploaded = client.media.upload(media_type="image", media_file=("photo.jpg", b"\xff\xd8jpeg"))
    assert client.media.download(media_id=uploaded["media_id"]).content == b"\xff\xd8jpeg"
    assert errcode(lambda: client.media.upload(media_type="image", media_file=("照片.jpg", b"jpeg"))) == 41005

    fake.state.advance(3 * 24 * HOUR + 1)
    assert errcode(lambda: client.media.download(media_id=media_id)) == 40007


# faults, quotas, records -------------------------------------------------------------------------


def test_injected_errcode_fires_once_then_the_call_succeeds(fake: RunningFake) -> None:
    interact(fake)
    fake.admin(
        "POST", "/_fake/faults", json={"path": "/cgi-bin/message/custom/send", "errcode": -1, "times": 1}
    )
    client = wechat(fake)
    assert errcode(lambda: client.message.send_text(user_id=USER, content="一")) == -1
    client.message.send_text(user_id=USER, content="二")
    faulted = [c["fault"] is not None for c in fake.state.calls_matching(path="/cgi-bin/message/custom/send")]
    assert faulted == [True, False]
    assert fake.admin("GET", "/_fake/faults") == {"rules": []}

    # an injected 40001 makes wechatpy refresh its token and retry by itself
    fake.state.add_fault(path="/cgi-bin/message/custom/send", errcode=40001, times=1)
    client.message.send_text(user_id=USER, content="三")
    assert len(fake.state.calls_matching(path="/cgi-bin/token")) == 2
    assert [m["text"] for m in fake.state.messages_for(USER)] == ["二", "三"]


def test_injected_http_error_and_delay(fake: RunningFake) -> None:
    client = wechat(fake)
    fake.admin("POST", "/_fake/faults", json={"path": "/cgi-bin/menu/*", "http_status": 503, "times": 1})
    with pytest.raises(WeChatClientException) as info:
        client.menu.get()
    assert info.value.response.status_code == 503

    fake.admin("POST", "/_fake/faults", json={"path": "/cgi-bin/tags/get", "delay_ms": 300})
    started = time.monotonic()
    assert client.tag.get() == []
    assert time.monotonic() - started >= 0.3
    with pytest.raises(requests.Timeout):
        wechat(fake, timeout=0.1).tag.get()
    fake.admin("DELETE", "/_fake/faults")
    assert client.tag.get() == []


def test_injected_timeout_holds_the_request_until_the_client_gives_up(fake: RunningFake) -> None:
    fake.state.add_fault(path="/cgi-bin/menu/get", timeout=True, times=1)
    with pytest.raises(requests.Timeout):
        wechat(fake, timeout=0.3).menu.get()
    assert fake.state.wait_until(lambda: bool(fake.state.calls_matching(path="/cgi-bin/menu/get")), 5)
    assert fake.state.calls_matching(path="/cgi-bin/menu/get")[0]["http_status"] == "client gave up"


def test_daily_quotas_give_45009_until_the_next_day() -> None:
    config = FakeConfig(daily_quotas={"/cgi-bin/token": 2, "/cgi-bin/tags/get": 1})
    with running_fake_wechat(config) as fake:
        client = wechat(fake)
        client.fetch_access_token()
        client.fetch_access_token()
        assert errcode(client.fetch_access_token) == 45009
        assert client.tag.get() == []
        assert errcode(client.tag.get) == 45009
        fake.state.advance(24 * HOUR)
        client.fetch_access_token()
        assert client.tag.get() == []


def test_calls_are_recorded_and_filterable(fake: RunningFake) -> None:
    interact(fake, "o_a")
    interact(fake, "o_b")
    client = wechat(fake)
    client.message.send_text(user_id="o_a", content="甲")
    client.message.send_text(user_id="o_b", content="乙")
    calls = fake.admin(
        "GET", "/_fake/calls", params={"path": "/cgi-bin/message/custom/send", "openid": "o_b"}
    )
    [call] = calls["calls"]
    assert call["body"] == {"touser": "o_b", "msgtype": "text", "text": {"content": "乙"}}
    assert (call["errcode"], call["http_status"], call["method"]) == (0, 200, "POST")
    assert "access_token" in call["query"]


def test_unknown_api_and_reset(fake: RunningFake) -> None:
    client = wechat(fake)
    assert errcode(lambda: client.post("shorturl", data={})) == 48001
    fake.state.add_fault(path="/cgi-bin/tags/get", errcode=-1)
    fake.state.advance(HOUR)
    fake.admin("POST", "/_fake/reset")
    assert fake.state.calls == [] and fake.state.faults.rules() == []
    assert abs(fake.state.now() - time.time()) < 5
    assert errcode(lambda: pinned(fake, client.access_token).tag.get()) == 40001


def test_cli_registers_fake_wechat_command() -> None:
    import typer

    from bot.cli import fakewechat

    app = typer.Typer()
    fakewechat.register(app)
    app.command("noop")(lambda: None)  # typer collapses a single-command app
    result = CliRunner().invoke(app, ["fake-wechat", "--help"])
    assert result.exit_code == 0
    assert "--callback-url" in result.output and "--encrypt" in result.output
