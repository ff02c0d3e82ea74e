"""No input makes a 500; one user's messages never overlap; slow handlers answer later, once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import select

from bot import router
from bot.gateway.signature import sign
from bot.settings import DEV_TOKEN
from bot.store.models import OutboxMessage, ProcessedMessage
from tests.conftest import make_peer, make_settings
from tests.support import Persona


def _signed_query(extra: str = "") -> str:
    ts, nonce = str(int(time.time())), "fuzz"
    return f"signature={sign(DEV_TOKEN, ts, nonce)}&timestamp={ts}&nonce={nonce}{extra}"


BAD_BODIES = [
    b"",
    b"not xml at all",
    b"<xml>",
    b"<xml></xml>",
    b"<root><a>1</a></root>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>',
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml>&lol2;</xml>',
    b"<xml><Encrypt><![CDATA[not-base64!!]]></Encrypt></xml>",
    b"<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>",
    b"<xml><Encrypt><![CDATA[" + b"A" * 64 + b"]]></Encrypt></xml>",
    b"<xml><Encrypt><a>nested</a></Encrypt></xml>",
    b"\xff\xfe\x00<\x00x\x00",
    bytes(range(256)),
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_malformed_bodies_get_a_4xx_without_a_trace(client: TestClient, body: bytes) -> None:
    for extra in ("&encrypt_type=aes&msg_signature=abc", ""):
        response = client.post(f"/wechat?{_signed_query(extra)}", content=body)
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert "Traceback" not in response.text


def test_plaintext_missing_fields_are_refused(client: TestClient) -> None:
    client.app.state.ctx.settings.wechat_encrypt_mode = "compatible"  # type: ignore[attr-defined]
    for xml in (
        "<xml><MsgType>text</MsgType></xml>",
        "<xml><FromUserName>u</FromUserName></xml>",
        "<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>",
        "<xml><FromUserName>u</FromUserName><MsgType>event</MsgType></xml>",
        "<xml><FromUserName><a>b</a></FromUserName><MsgType>text</MsgType><MsgId>1</MsgId></xml>",
        "<xml><FromUserName>u</FromUserName><MsgType>location</MsgType><MsgId>1</MsgId>"
        "<Location_X>north</Location_X></xml>",
    ):
        response = client.post(f"/wechat?{_signed_query()}", content=xml.encode())
        assert response.status_code == 400, xml


def test_oversized_body_is_413(client: TestClient) -> None:
    response = client.post(f"/wechat?{_signed_query()}", content=b"<xml>" + b"a" * 70_000 + b"</xml>")
    assert response.status_code == 413


def test_missing_or_bad_query_is_403(client: TestClient) -> None:
    assert client.post("/wechat", content=b"<xml/>").status_code == 403
    assert client.post("/wechat?signature=x&timestamp=abc&nonce=1", content=b"<xml/>").status_code == 403


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from bot.app import create_app
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    upgrade(url)
    with TestClient(create_app(make_settings(url, wechat_encrypt_mode="compatible"))) as test_client:
        yield test_client


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(st.binary(max_size=600), st.text(max_size=400).map(str.encode)),
    query=st.dictionaries(
        st.sampled_from(["signature", "timestamp", "nonce", "encrypt_type", "msg_signature", "openid"]),
        st.text(max_size=40),
        max_size=6,
    ),
    signed=st.booleans(),
)
def test_fuzzed_body_and_query_never_500(
    fuzz_client: TestClient, body: bytes, query: dict[str, str], signed: bool
) -> None:
    if signed:
        ts, nonce = str(int(time.time())), query.get("nonce", "n")
        query = {**query, "timestamp": ts, "nonce": nonce, "signature": sign(DEV_TOKEN, ts, nonce)}
    response = fuzz_client.post("/wechat", params=query, content=body)
    assert response.status_code < 500


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=300)
)
def test_any_text_message_gets_a_reply(fuzz_client: TestClient, content: str) -> None:
    persona = Persona(fuzz_client, make_peer("safe"), "o_fuzz")
    reply = persona.post(persona.peer.text("o_fuzz", content))
    assert reply.status == 200


def _slow(delay: float, log: list[tuple[str, float, float]] | None = None) -> Callable[..., Any]:
    original = router.handle

    def handle(app: Any, session: Any, inbound: Any) -> Any:
        start = time.monotonic()
        time.sleep(delay)
        result = original(app, session, inbound)
        if log is not None:
            log.append((inbound.content, start, time.monotonic()))
        return result

    return handle


def test_two_messages_of_one_user_are_serialised(worker: Persona, monkeypatch: pytest.MonkeyPatch) -> None:
    log: list[tuple[str, float, float]] = []
    monkeypatch.setattr(router, "handle", _slow(0.2, log))
    threads = [threading.Thread(target=worker.say, args=(text,)) for text in ("菜单", "帮助")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (_, _, e1), (_, s2, _) = sorted(log, key=lambda item: item[1])
    assert e1 <= s2, "the second message started before the first finished"


def test_a_slow_handler_answers_success_then_sends_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import create_app

    settings = make_settings(db_url, reply_deadline_s=0.1)
    monkeypatch.setattr(router, "handle", _slow(0.5))
    with TestClient(create_app(settings)) as test_client:
        persona = Persona(test_client, make_peer(), "o_slow")
        first = persona.post(persona.peer.text("o_slow", "菜单", msg_id="424242"))
        assert first.text is None and first.raw == "success"
        retry = persona.post(persona.peer.text("o_slow", "菜单", msg_id="424242"))
        assert retry.text is None  # still being handled: success again, no second handling
        ctx = test_client.app.state.ctx  # type: ignore[attr-defined]
        deadline = time.monotonic() + 5
        rows: list[OutboxMessage] = []
        while time.monotonic() < deadline and not rows:
            time.sleep(0.05)
            with ctx.db.session() as s:
                rows = list(s.exec(select(OutboxMessage)).all())
        assert len(rows) == 1 and "培训报名" in rows[0].payload["text"]
        late_retry = persona.post(persona.peer.text("o_slow", "菜单", msg_id="424242"))
        assert late_retry.text and "培训报名" in late_retry.text  # the finished reply, from the record
        with ctx.db.session() as s:
            assert len(s.exec(select(OutboxMessage)).all()) == 1
            assert s.exec(select(ProcessedMessage)).one().deferred is True
