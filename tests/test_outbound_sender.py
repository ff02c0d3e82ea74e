"""The sender against a WeChat played by a routing function (and once over real loopback HTTP)."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import requests
from prometheus_client import REGISTRY
from sqlmodel import select

from bot import clock
from bot.outbound import budget, outbox
from bot.outbound.client import build_client
from bot.outbound.outcomes import BEIJING
from bot.outbound.sender import OutboundSender
from bot.outbound.transport import MockTransport
from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import OutboxMessage, User
from tests.wechat_stub import WeChatPlay, serve

API = "http://wechat.test"
CUSTOM = "/cgi-bin/message/custom/send"
TEXT = {"msgtype": "text", "text": "您的补贴申请已受理。"}


def make_settings(db: Database, api_base: str = API) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        env="test",
        wechat_api_base=api_base,
        wechat_app_id="wx_test",
        database_url=db.url,
        redis_url=None,
    )


def make_sender(db: Database, play: WeChatPlay, **options: Any) -> OutboundSender:
    settings = make_settings(db)
    client = build_client(settings, db=db, transport=MockTransport(play), network_backoff_s=())
    return OutboundSender(db, settings, client=client, **options)


def enqueue(
    db: Database, key: str, *, openid: str | None = "o1", channel: str = "custom", payload: Any = TEXT
) -> int:
    with db.session() as session:
        row = outbox.enqueue(session, key=key, openid=openid, channel=channel, payload=payload)  # type: ignore[arg-type]
        assert row.id is not None
        return row.id


def interact(db: Database, openid: str = "o1", kind: budget.Interaction = "message") -> None:
    with db.session() as session:
        outbox.user_interacted(session, openid=openid, kind=kind, at=clock.now())


def row(db: Database, key: str) -> OutboxMessage:
    with db.session() as session:
        return session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).one()


def metric(channel: str, errcode: str) -> float:
    value = REGISTRY.get_sample_value("laborbot_outbound_total", {"channel": channel, "errcode": errcode})
    return value or 0.0


def test_a_custom_message_is_sent_once_and_spends_budget(db: Database) -> None:
    play = WeChatPlay()
    interact(db)
    enqueue(db, "reply:1")
    before = metric("custom", "0")

    assert make_sender(db, play).drain() == 1
    assert make_sender(db, play).drain() == 0

    sent = row(db, "reply:1")
    assert (sent.status, sent.attempts, sent.last_errcode) == ("sent", 1, 0)
    assert sent.sent_at is not None
    assert play.sent(CUSTOM) == [{"touser": "o1", "msgtype": "text", "text": {"content": TEXT["text"]}}]
    with db.session() as session:
        assert budget.remaining(session, openid="o1", at=clock.now()) == 4
    assert metric("custom", "0") == before + 1


def test_without_a_window_the_message_waits_until_the_user_writes(db: Database) -> None:
    play = WeChatPlay()
    enqueue(db, "reply:late")
    make_sender(db, play).drain()

    waiting = row(db, "reply:late")
    assert (waiting.status, waiting.last_errcode, waiting.attempts) == ("waiting", 45015, 0)
    assert "48小时" in (waiting.last_error or "")
    assert play.calls == []

    interact(db)
    make_sender(db, play).drain()
    assert row(db, "reply:late").status == "sent"
    assert len(play.sent(CUSTOM)) == 1


def test_the_sixth_message_waits_for_budget(db: Database) -> None:
    play = WeChatPlay()
    interact(db)
    for n in range(6):
        enqueue(db, f"m{n}")
    make_sender(db, play).drain()

    statuses = [row(db, f"m{n}").status for n in range(6)]
    assert statuses == ["sent"] * 5 + ["waiting"]
    last = row(db, "m5")
    assert last.last_errcode == 45047
    assert last.last_error == "客服消息额度已用完，等待用户下次互动或改用模板消息"
    assert len(play.sent(CUSTOM)) == 5


def test_wechat_saying_45015_moves_the_row_to_waiting_and_closes_the_ledger(db: Database) -> None:
    play = WeChatPlay()
    play.script(CUSTOM, {"errcode": 45015, "errmsg": "response out of time limit"})
    interact(db)
    enqueue(db, "a")
    enqueue(db, "b")
    make_sender(db, play).drain()

    assert (row(db, "a").status, row(db, "a").last_errcode) == ("waiting", 45015)
    assert (row(db, "b").status, row(db, "b").last_errcode) == ("waiting", 45047)  # held back locally
    assert len(play.sent(CUSTOM)) == 1


def test_43004_cancels_this_and_every_other_unsent_row(db: Database) -> None:
    play = WeChatPlay()
    play.script(CUSTOM, {"errcode": 43004, "errmsg": "require subscribe"})
    interact(db)
    enqueue(db, "a")
    enqueue(
        db, "b", channel="template", payload={"template_id": "t1", "data": {"k": {"value": "v"}}}, openid="o1"
    )
    with db.session() as session:
        later = outbox.enqueue(session, key="c", openid="o1", channel="custom", payload=TEXT)
        later.next_attempt_at = clock.now() + timedelta(hours=1)
        session.add(later)
    make_sender(db, play, batch=1).drain()

    assert [row(db, k).status for k in "abc"] == ["cancelled", "cancelled", "cancelled"]
    assert row(db, "a").last_errcode == 43004
    assert len(play.calls) == 1


def test_a_user_who_unfollowed_is_not_sent_to(db: Database) -> None:
    play = WeChatPlay()
    with db.session() as session:
        session.add(User(openid="o1", followed=False))
    interact(db)
    enqueue(db, "a")
    make_sender(db, play).drain()
    assert (row(db, "a").status, row(db, "a").attempts) == ("cancelled", 0)
    assert play.calls == []


def test_server_errors_back_off_then_fail_and_refund_the_budget(db: Database) -> None:
    play = WeChatPlay()
    play.script(CUSTOM, *[500] * 3)
    interact(db)
    enqueue(db, "flaky")
    sender = make_sender(db, play, max_attempts=3)

    delays = []
    for _ in range(3):
        started = clock.now()
        assert sender.drain() == 1
        current = row(db, "flaky")
        delays.append(round((current.next_attempt_at - started).total_seconds()))
        assert sender.drain() == 0  # not due yet
        clock.travel(timedelta(hours=1))

    failed = row(db, "flaky")
    assert (failed.status, failed.attempts, failed.last_errcode) == ("failed", 3, None)
    assert "HTTP 500" in (failed.last_error or "")
    assert delays[:2] == [5, 15]
    with db.session() as session:
        assert budget.remaining(session, openid="o1", at=clock.now()) == 5


def test_daily_quota_waits_for_the_next_beijing_day(db: Database) -> None:
    play = WeChatPlay()
    play.script(
        "/cgi-bin/message/template/send", {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
    )
    enqueue(db, "t", payload={"template_id": "t1", "data": {"k": {"value": "v"}}}, channel="template")
    make_sender(db, play).drain()

    pending = row(db, "t")
    local = pending.next_attempt_at.astimezone(BEIJING)
    assert pending.status == "pending"
    assert (local.hour, local.minute) == (0, 5)
    assert local.date() == (clock.now().astimezone(BEIJING) + timedelta(days=1)).date()


def test_template_subscribe_and_mass_channels(db: Database) -> None:
    play = WeChatPlay()
    play.script("/cgi-bin/message/mass/send", {"errcode": 45065, "errmsg": "clientmsgid exist", "msg_id": 77})
    data = {"keyword1": {"value": "张三"}, "keyword2": {"value": "5月20日"}}
    enqueue(
        db,
        "tpl",
        payload={"template_id": "tpl_1", "data": data, "url": "https://example.org/x"},
        channel="template",
    )
    enqueue(db, "sub", payload={"template_id": "sub_1", "data": data, "page": "pages/x"}, channel="subscribe")
    enqueue(
        db, "tag", openid=None, channel="mass", payload={"tag_id": 2, "msgtype": "text", "text": "招聘会通知"}
    )
    enqueue(
        db,
        "ids",
        openid=None,
        channel="mass",
        payload={"openids": ["o1", "o2"], "msgtype": "text", "text": "x"},
    )
    make_sender(db, play).drain()

    assert [row(db, k).status for k in ("tpl", "sub", "tag", "ids")] == ["sent"] * 4
    assert row(db, "tpl").wechat_msg_id is not None
    assert row(db, "ids").wechat_msg_id == "77"  # a repeat refused by clientmsgid counts as sent
    (template,) = play.sent("/cgi-bin/message/template/send")
    assert template == {"touser": "o1", "template_id": "tpl_1", "url": "https://example.org/x", "data": data}
    (subscribe,) = play.sent("/cgi-bin/message/subscribe/bizsend")
    assert subscribe["page"] == "pages/x"
    (by_tag,) = play.sent("/cgi-bin/message/mass/sendall")
    assert by_tag["filter"] == {"tag_id": 2, "is_to_all": False}
    assert by_tag["clientmsgid"] == "tag"
    assert play.sent("/cgi-bin/message/mass/send")[0]["clientmsgid"] == "ids"


def test_a_row_left_sending_by_a_crash_is_sent_once_after_its_lease(db: Database) -> None:
    play = WeChatPlay()
    interact(db)
    enqueue(db, "crash")
    crashed = make_sender(db, play)
    (claim,) = crashed._claim(10)  # claimed, then the process died before sending

    fresh = make_sender(db, play)
    assert fresh.drain() == 0  # lease still held
    clock.travel(timedelta(minutes=2, seconds=1))
    assert fresh.drain() == 1
    assert (row(db, "crash").status, row(db, "crash").attempts) == ("sent", 2)

    crashed._deliver(claim)  # the "dead" worker wakes up: its fence no longer matches
    clock.travel(timedelta(days=1))
    assert fresh.drain() == 0
    assert len(play.sent(CUSTOM)) == 1


def test_a_sent_row_is_never_sent_again(db: Database) -> None:
    play = WeChatPlay()
    interact(db)
    enqueue(db, "done")
    with db.session() as session:
        done = session.exec(select(OutboxMessage)).one()
        done.status, done.next_attempt_at = "sent", clock.now() - timedelta(days=1)
        session.add(done)
    assert make_sender(db, play).drain() == 0
    assert play.calls == []


def test_the_background_loop_sends_on_notify_without_blocking_the_event_loop(db: Database) -> None:
    play = WeChatPlay()

    def slow(request: requests.PreparedRequest) -> requests.Response:
        time.sleep(0.3)
        return play(request)

    settings = make_settings(db)
    client = build_client(settings, db=db, transport=MockTransport(slow), network_backoff_s=())
    sender = OutboundSender(db, settings, client=client, poll_s=30)  # only notify() can wake it in time
    interact(db)

    async def scenario() -> int:
        await sender.start()
        await asyncio.sleep(0.05)
        enqueue(db, "bg")
        sender.notify()
        ticks = 0
        deadline = time.monotonic() + 5
        while row(db, "bg").status != "sent" and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            ticks += 1
        await sender.stop()
        return ticks

    ticks = asyncio.run(scenario())
    assert row(db, "bg").status == "sent"
    assert ticks >= 20  # the loop kept running through ~0.6 s of blocking HTTP (token + send)


def test_end_to_end_over_loopback_http(db: Database) -> None:
    play = WeChatPlay()
    interact(db)
    enqueue(db, "e2e")
    enqueue(db, "e2e-tpl", channel="template", payload={"template_id": "t", "data": {"k": {"value": "v"}}})
    with serve(play) as base_url:
        sender = OutboundSender(db, make_settings(db, api_base=base_url))
        assert sender.drain() == 2

    assert row(db, "e2e").status == row(db, "e2e-tpl").status == "sent"
    assert play.token_fetches == 1
    assert play.sent(CUSTOM)[0]["text"]["content"] == TEXT["text"]


def test_claims_from_two_senders_do_not_overlap(db: Database) -> None:
    play = WeChatPlay()
    for n in range(6):
        enqueue(
            db, f"t{n}", channel="template", payload={"template_id": "t", "data": {"k": {"value": str(n)}}}
        )
    first, second = make_sender(db, play), make_sender(db, play)
    a, b = first._claim(4), second._claim(4)
    assert len(a) == 4 and len(b) == 2
    assert not {c.id for c in a} & {c.id for c in b}


def test_a_payload_that_breaks_the_client_fails_within_bounds(db: Database) -> None:
    play = WeChatPlay()
    enqueue(
        db,
        "broken",
        openid=None,
        channel="mass",
        payload={"tag_id": "not-a-number", "msgtype": "text", "text": "x"},
    )
    sender = make_sender(db, play, max_attempts=2)
    sender.drain()
    clock.travel(timedelta(minutes=1))
    sender.drain()

    broken = row(db, "broken")
    assert (broken.status, broken.attempts) == ("failed", 2)
    assert "ValueError" in (broken.last_error or "")
    assert play.calls == []
