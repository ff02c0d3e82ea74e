"""A message whose handling failed is kept, and replaying it later answers the user once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot import router
from bot.services.dead_letters import pending, replay
from bot.store.models import HandoffRequest, OutboxMessage
from tests.support import Persona


def test_a_failed_message_is_kept_and_replayed_once(
    client: TestClient, worker: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    original = router.handle

    def broken(app: Any, session: Any, inbound: Any) -> Any:
        raise RuntimeError("a bug, fixed in the next release")

    monkeypatch.setattr(router, "handle", broken)
    assert "出了点问题" in worker.say("转人工", msg_id="31337")
    (letter,) = pending(ctx)

    monkeypatch.setattr(router, "handle", original)  # the fix is deployed
    result = replay(ctx, letter.id or 0)
    assert result.ok and result.reply and "人工" in result.reply
    assert pending(ctx) == []
    with ctx.db.session() as s:
        assert len(s.exec(select(HandoffRequest)).all()) == 1
        (sent,) = s.exec(select(OutboxMessage).where(OutboxMessage.openid == worker.openid)).all()
        assert "人工" in sent.payload["text"]
    with pytest.raises(LookupError):
        replay(ctx, letter.id or 0)
