"""A message accepted for sending survives a restart of the service and is sent exactly once."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from bot import clock
from bot.app import create_app
from bot.outbound import outbox
from bot.store.models import OutboxMessage
from tests.conftest import make_settings


def test_outbox_survives_a_restart_and_sends_once(db_url: str, fake_wechat: object) -> None:
    fake = fake_wechat
    fake.admin("POST", "/_fake/interaction", json={"openid": "o_restart", "kind": "message"})  # type: ignore[attr-defined]

    # First life: WeChat is unreachable; the message is accepted and kept.
    with TestClient(create_app(make_settings(db_url, wechat_api_base="http://127.0.0.1:9"))) as first:
        ctx = first.app.state.ctx  # type: ignore[attr-defined]
        with ctx.db.session() as s:
            from bot.outbound.budget import record_interaction

            record_interaction(s, openid="o_restart", kind="message", at=clock.now())
            outbox.enqueue(
                s,
                key="restart-1",
                openid="o_restart",
                channel="custom",
                payload={"msgtype": "text", "text": "开班通知：12月7日上午9点报到"},
            )
        ctx.sender.drain(timeout_s=5)
        with ctx.db.session() as s:
            row = s.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == "restart-1")).one()
            assert row.status == "pending" and row.attempts >= 1  # network error: it waits to retry

    # Second life, after the retry delay: the same row goes out, once.
    clock.travel(timedelta(minutes=5))
    base = fake.base_url  # type: ignore[attr-defined]
    for _ in range(2):
        with TestClient(create_app(make_settings(db_url, wechat_api_base=base))) as again:
            ctx = again.app.state.ctx  # type: ignore[attr-defined]
            ctx.sender.drain(timeout_s=5)
            with ctx.db.session() as s:
                outbox.enqueue(
                    s,
                    key="restart-1",
                    openid="o_restart",
                    channel="custom",
                    payload={"msgtype": "text", "text": "开班通知：12月7日上午9点报到"},
                )
            ctx.sender.drain(timeout_s=5)
    delivered = [m for m in fake.state.messages_for("o_restart", 0)]  # type: ignore[attr-defined]
    assert [m["text"] if "text" in m else m.get("content") for m in delivered].count(
        "开班通知：12月7日上午9点报到"
    ) == 1
