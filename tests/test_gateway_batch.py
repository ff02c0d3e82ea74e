"""SQLite's batched writer: one commit for several messages, and a failure stays with its message."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot import router
from bot.gateway.inbound import parse_xml, to_inbound
from bot.gateway.process import Late, process_batch
from bot.store.models import DeadLetter, HandoffRequest, ProcessedMessage
from tests.conftest import make_peer


def _inbound(openid: str, text: str, msg_id: str) -> Any:
    return to_inbound(parse_xml(make_peer("plain").text(openid, text, msg_id=msg_id)))


def test_a_failing_message_rolls_back_alone(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    original = router.handle

    def handle(app: Any, session: Any, inbound: Any) -> Any:
        result = original(app, session, inbound)
        if inbound.content == "boom":
            raise RuntimeError("a bug in a flow")
        return result

    monkeypatch.setattr(router, "handle", handle)
    batch = [
        (_inbound("o_a", "转人工", "9001"), Late()),
        (_inbound("o_b", "boom", "9002"), Late()),
        (_inbound("o_c", "转人工", "9003"), Late()),
    ]
    claims = process_batch(ctx, batch)
    assert "人工" in (claims[0].reply or "") and "人工" in (claims[2].reply or "")
    assert "出了点问题" in (claims[1].reply or "")
    with ctx.db.session() as s:
        assert {h.openid for h in s.exec(select(HandoffRequest)).all()} == {"o_a", "o_c"}
        assert {p.key for p in s.exec(select(ProcessedMessage)).all()} == {"m:9001", "m:9003"}
        assert [d.openid for d in s.exec(select(DeadLetter)).all()] == ["o_b"]

    monkeypatch.setattr(router, "handle", original)
    (retry,) = process_batch(ctx, [(_inbound("o_b", "boom", "9002"), Late())])
    assert retry.outcome == "new"  # the failed message was not recorded, so WeChat's retry is handled
