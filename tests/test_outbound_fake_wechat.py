"""End to end against the project's fake WeChat API on loopback: budget, refusals and tokens agree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from bot import clock
from bot.fakewechat import RunningFake, running_fake_wechat
from bot.outbound import outbox
from bot.outbound.sender import OutboundSender
from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import OutboxMessage

TEXT = {"msgtype": "text", "text": "您好，招聘会明天上午9点开始。"}


@pytest.fixture
def fake() -> Iterator[RunningFake]:
    with running_fake_wechat() as running:
        yield running


def sender_for(db: Database, fake: RunningFake) -> OutboundSender:
    settings = Settings(_env_file=None, env="test", wechat_api_base=fake.base_url, database_url=db.url)  # type: ignore[call-arg]
    return OutboundSender(db, settings)


def enqueue(
    db: Database, key: str, channel: str = "custom", payload: Any = TEXT, openid: str = "o_fake"
) -> None:
    with db.session() as session:
        outbox.enqueue(session, key=key, openid=openid, channel=channel, payload=payload)  # type: ignore[arg-type]


def statuses(db: Database) -> dict[str, tuple[str, int | None]]:
    with db.session() as session:
        rows = session.exec(select(OutboxMessage)).all()
        return {r.idempotency_key: (r.status, r.last_errcode) for r in rows}


def user_writes(db: Database, fake: RunningFake, openid: str = "o_fake") -> None:
    fake.admin("POST", "/_fake/interaction", json={"openid": openid, "kind": "message"})
    with db.session() as session:
        outbox.user_interacted(session, openid=openid, kind="message", at=clock.now())


def test_sends_reach_the_user_and_the_budget_matches_wechats(db: Database, fake: RunningFake) -> None:
    user_writes(db, fake)
    for n in range(6):
        enqueue(db, f"c{n}")
    data = {"keyword1": {"value": "张三"}, "keyword2": {"value": "5月20日"}}
    enqueue(db, "tpl", channel="template", payload={"template_id": "tpl_dev_notice", "data": data})
    sender_for(db, fake).drain()

    got = statuses(db)
    assert [got[f"c{n}"][0] for n in range(6)] == ["sent"] * 5 + ["waiting"]
    assert got["c5"][1] == 45047
    assert got["tpl"][0] == "sent"
    seen = fake.admin("GET", "/_fake/messages", params={"openid": "o_fake"})["messages"]
    assert [m["channel"] for m in seen] == ["custom"] * 5 + ["template"]

    user_writes(db, fake)  # the user writes again: the held message goes out
    sender_for(db, fake).drain()
    assert statuses(db)["c5"][0] == "sent"
    token_calls = fake.admin("GET", "/_fake/calls", params={"path": "/cgi-bin/token"})["calls"]
    assert len(token_calls) == 1  # two senders, one shared token


def test_wechats_refusals_become_waiting_and_cancelled(db: Database, fake: RunningFake) -> None:
    with db.session() as session:  # our ledger believes in a window WeChat never opened
        outbox.user_interacted(session, openid="o_fake", kind="message", at=clock.now())
    enqueue(db, "outside")
    sender_for(db, fake).drain()
    assert statuses(db)["outside"] == ("waiting", 45015)

    user_writes(db, fake, "o_gone")
    fake.admin("POST", "/_fake/unfollow", json={"openid": "o_gone"})
    enqueue(db, "gone", openid="o_gone")
    sender_for(db, fake).drain()
    assert statuses(db)["gone"] == ("cancelled", 43004)
