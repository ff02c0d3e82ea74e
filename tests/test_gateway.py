"""The callback: signatures, modes, replays, sizes, malformed bodies, retries and message types."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot.gateway.signature import sign
from bot.settings import DEV_TOKEN
from bot.simulator.peer import WeChatPeer
from bot.store.models import InboundMessage, ProcessedMessage, User
from tests.conftest import make_peer
from tests.support import Persona


def test_get_echoes_echostr_with_a_good_signature(client: TestClient) -> None:
    ts, nonce = str(int(time.time())), "n1"
    good = client.get(
        "/wechat",
        params={
            "signature": sign(DEV_TOKEN, ts, nonce),
            "timestamp": ts,
            "nonce": nonce,
            "echostr": "hello123",
        },
    )
    assert good.status_code == 200 and good.text == "hello123"
    bad = client.get(
        "/wechat", params={"signature": "0" * 40, "timestamp": ts, "nonce": nonce, "echostr": "x"}
    )
    assert bad.status_code == 403


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_text_message_in_each_mode_gets_a_reply(client: TestClient, mode: str) -> None:
    from bot.settings import Settings

    settings: Settings = client.app.state.ctx.settings  # type: ignore[attr-defined]
    settings.wechat_encrypt_mode = "compatible"  # accept all three for this test
    persona = Persona(client, make_peer(mode), f"o_mode_{mode}")
    reply = persona.say("菜单")
    assert "培训报名" in reply


def test_safe_mode_refuses_plaintext(client: TestClient) -> None:
    persona = Persona(client, make_peer("plain"), "o_plain")
    assert persona.post(persona.peer.text("o_plain", "你好")).status == 400


def test_replayed_timestamp_is_refused(worker: Persona) -> None:
    old = int(time.time()) - 301
    assert worker.post(worker.peer.text(worker.openid, "菜单"), timestamp=old).status == 403
    assert (
        worker.post(worker.peer.text(worker.openid, "菜单"), timestamp=int(time.time()) + 299).status == 200
    )


def test_wrong_msg_signature_and_wrong_app_id_are_refused(client: TestClient) -> None:
    from bot.settings import DEV_AES_KEY

    other_app = WeChatPeer(token=DEV_TOKEN, app_id="wx_someone_else", aes_key=DEV_AES_KEY, mode="safe")
    persona = Persona(client, other_app, "o_other")
    assert persona.post(other_app.text("o_other", "你好")).status == 403

    peer = make_peer("safe")
    query, body = peer.request(peer.text("o_x", "你好"))
    tampered = query.replace("msg_signature=", "msg_signature=0")
    assert client.post(f"/wechat?{tampered}", content=body).status_code == 403


def test_retries_of_one_msg_id_make_one_side_effect(worker: Persona, client: TestClient) -> None:
    first = worker.say("转人工", msg_id="777000111")
    second = worker.say("转人工", msg_id="777000111")
    third = worker.say("转人工", msg_id="777000111")
    assert first == second == third
    from bot.store.models import HandoffRequest

    with client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
        assert len(s.exec(select(HandoffRequest)).all()) == 1
        assert len(s.exec(select(InboundMessage)).all()) == 1
        assert s.exec(select(ProcessedMessage)).one().status == "done"


def test_reply_text_with_cdata_terminator_is_escaped() -> None:
    import xmltodict

    from bot.gateway.reply import text_reply_xml

    xml = text_reply_xml(to_user="u", from_user="gh", content="a]]>b<x>")
    assert xmltodict.parse(xml)["xml"]["Content"] == "a]]>b<x>"


def test_voice_with_and_without_recognition(worker: Persona) -> None:
    assert "打字" in worker.voice("")
    assert "培训报名" in worker.voice("菜单。")


def test_location_is_stored(worker: Persona, client: TestClient) -> None:
    reply = worker.post(worker.peer.location(worker.openid, 36.65, 117.12, "济南市历下区"))
    assert reply.text and "济南市历下区" in reply.text
    with client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
        user = s.exec(select(User).where(User.openid == worker.openid)).one()
        assert (user.latitude, user.longitude) == (36.65, 117.12)


@pytest.mark.parametrize("msg_type", ["image", "video", "link"])
def test_other_message_types_get_a_sensible_reply(worker: Persona, msg_type: str) -> None:
    reply = worker.post(worker.peer.media(worker.openid, msg_type))
    assert reply.text and "文字" in reply.text


def test_follow_welcomes_and_records_scene_unfollow_marks(worker: Persona, client: TestClient) -> None:
    welcome = worker.follow("poster_jinan")
    assert welcome and "隐私" in welcome and "培训" in welcome
    assert worker.event("unsubscribe").text is None
    with client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
        user = s.exec(select(User).where(User.openid == worker.openid)).one()
        assert user.qrscene == "poster_jinan" and user.followed is False


def test_menu_click_routes_by_event_key(worker: Persona) -> None:
    assert "人工" in worker.click("HUMAN")
    assert "培训报名" in worker.click("HELP")


def test_event_retries_are_deduplicated_by_user_time_and_key(worker: Persona, client: TestClient) -> None:
    ts = int(time.time())
    xml = worker.peer.event(worker.openid, "CLICK", "HUMAN", create_time=ts)
    for _ in range(3):
        worker.post(xml)
    from bot.store.models import HandoffRequest

    with client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
        assert len(s.exec(select(HandoffRequest)).all()) == 1


def test_send_job_reports_are_recorded_on_the_outbox_row(worker: Persona, client: TestClient) -> None:
    from bot.outbound import outbox
    from bot.store.models import OutboxMessage, SendReport

    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    with ctx.db.session() as s:
        row = outbox.enqueue(
            s,
            key="tpl-1",
            openid=worker.openid,
            channel="template",
            payload={"template_id": "tpl_dev_notice", "data": {"keyword1": {"value": "x"}}},
        )
        row.status, row.wechat_msg_id = "sent", "200228332"
        s.add(row)
    assert worker.event("TEMPLATESENDJOBFINISH", MsgID="200228332", Status="failed:user block").text is None
    assert (
        worker.event(
            "MASSSENDJOBFINISH",
            MsgID="1000001625",
            Status="send success",
            TotalCount=3,
            FilterCount=3,
            SentCount=3,
            ErrorCount=0,
        ).text
        is None
    )
    with ctx.db.session() as s:
        reports = {r.msg_id: r for r in s.exec(select(SendReport)).all()}
        assert reports["200228332"].status == "failed:user block"
        assert reports["1000001625"].payload["SentCount"] == "3"
        sent = s.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == "tpl-1")).one()
        assert sent.delivery == "failed:user block"
