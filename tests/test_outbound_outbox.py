"""The outbox: idempotent enqueue, payload checks, cancel on unfollow, release when the user writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot import clock
from bot.outbound import outbox
from bot.store.db import Database
from bot.store.models import OutboxMessage

TEXT = {"msgtype": "text", "text": "您好，您报名的培训明天开课。"}


def test_enqueue_twice_with_one_key_keeps_one_row(db: Database) -> None:
    with db.session() as session:
        first = outbox.enqueue(session, key="reply:m1", openid="o1", channel="custom", payload=TEXT)
    with db.session() as session:
        again = outbox.enqueue(
            session,
            key="reply:m1",
            openid="o1",
            channel="custom",
            payload={"msgtype": "text", "text": "别的"},
        )
        rows = session.exec(select(OutboxMessage)).all()

    assert again.id == first.id
    assert again.payload == TEXT
    assert again.status == "pending"
    assert len(rows) == 1


def test_enqueue_in_one_transaction_twice(db: Database) -> None:
    with db.session() as session:
        a = outbox.enqueue(session, key="k", openid="o1", channel="custom", payload=TEXT)
        b = outbox.enqueue(session, key="k", openid="o1", channel="custom", payload=TEXT)
        assert a.id == b.id


def test_mass_rows_carry_their_key_as_clientmsgid(db: Database) -> None:
    long_key = "mass:" + "x" * 100
    with db.session() as session:
        short = outbox.enqueue(
            session,
            key="mass:2024-05",
            openid=None,
            channel="mass",
            payload={"tag_id": 2, "msgtype": "text", "text": "通知"},
        )
        hashed = outbox.enqueue(
            session,
            key=long_key,
            openid=None,
            channel="mass",
            payload={"openids": ["a", "b"], "msgtype": "text", "text": "通知"},
        )
    assert short.payload["clientmsgid"] == "mass:2024-05"
    assert len(hashed.payload["clientmsgid"]) == 64
    assert hashed.payload["clientmsgid"] == outbox.mass_client_msg_id(long_key)


@pytest.mark.parametrize(
    ("channel", "openid", "payload", "message"),
    [
        ("sms", "o1", TEXT, "unknown channel"),
        ("custom", None, TEXT, "needs an openid"),
        ("custom", "o1", {"msgtype": "text"}, "msgtype"),
        ("template", "o1", {"template_id": "t"}, "data"),
        ("subscribe", "o1", {"data": {}}, "template_id"),
        ("mass", None, {"msgtype": "text", "text": "x"}, "exactly one"),
        ("mass", None, {"tag_id": 1, "msgtype": "image", "text": "x"}, "text"),
    ],
)
def test_enqueue_refuses_unsendable_payloads(
    db: Database, channel: str, openid: str | None, payload: dict[str, object], message: str
) -> None:
    with db.session() as session, pytest.raises(ValueError, match=message):
        outbox.enqueue(session, key="bad", openid=openid, channel=channel, payload=payload)  # type: ignore[arg-type]


def test_cancel_for_user_stops_only_unsent_rows_of_that_user(db: Database) -> None:
    with db.session() as session:
        for key, openid in (("a", "o1"), ("b", "o1"), ("c", "o2")):
            outbox.enqueue(session, key=key, openid=openid, channel="custom", payload=TEXT)
        sent = session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == "b")).one()
        sent.status = "sent"
        session.add(sent)
    with db.session() as session:
        assert outbox.cancel_for_user(session, openid="o1", reason="用户取消关注") == 1
        statuses = {r.idempotency_key: (r.status, r.last_error) for r in session.exec(select(OutboxMessage))}
    assert statuses == {"a": ("cancelled", "用户取消关注"), "b": ("sent", None), "c": ("pending", None)}


def test_user_interaction_releases_rows_waiting_for_the_window(db: Database) -> None:
    with db.session() as session:
        for key, code in (("window", 45015), ("budget", 45047), ("other", 45009)):
            row = outbox.enqueue(session, key=key, openid="o1", channel="custom", payload=TEXT)
            row.status, row.last_errcode = "waiting", code
            row.next_attempt_at = clock.now() + timedelta(days=30)
            session.add(row)
    clock.travel(timedelta(hours=3))
    with db.session() as session:
        released = outbox.user_interacted(session, openid="o1", kind="message", at=clock.now())
    with db.session() as session:
        rows = {r.idempotency_key: r for r in session.exec(select(OutboxMessage))}

    assert released == 2
    assert rows["window"].status == rows["budget"].status == "pending"
    assert rows["window"].next_attempt_at <= clock.now()
    assert rows["other"].status == "waiting"
