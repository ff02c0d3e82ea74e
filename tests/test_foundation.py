"""Settings, health, metrics, logs, conversation state rules and the Redis de-duplication store."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session

from bot import clock
from bot.flows import registry
from bot.flows.base import Flow, Step, Turn
from bot.gateway.dedup import RedisDedup
from bot.logs import JsonFormatter
from bot.settings import Settings
from tests.support import Persona


def test_production_refuses_development_secrets() -> None:
    with pytest.raises(ValidationError, match="development secrets"):
        Settings(_env_file=None, env="production", start_fake_wechat=False, simulator_enabled=False)  # type: ignore[call-arg]
    ok = Settings(  # type: ignore[call-arg]
        _env_file=None,
        env="production",
        start_fake_wechat=False,
        simulator_enabled=False,
        wechat_token="t0ken-real",
        wechat_app_id="wx1234567890",
        wechat_app_secret="s3cret-real",
        wechat_aes_key="Z" * 43,
        api_token="staff-real",
        id_encryption_key="key-real",
    )
    assert ok.env == "production"


def test_health_readiness_and_metrics(client: TestClient, worker: Persona) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").text == "ready"
    worker.say("菜单")
    worker.say("菜单", msg_id="991")
    worker.say("菜单", msg_id="991")
    text = client.get("/metrics").text
    assert 'laborbot_messages_total{type="text"}' in text
    assert "laborbot_reply_seconds_bucket" in text
    assert 'laborbot_dedup_hits_total{outcome="replayed"}' in text


def test_logs_hash_nothing_in_clear() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, "", 0, "用户手机13812345678 身份证370102199001011234", (), None
    )
    record.user = "hash"  # type: ignore[attr-defined]
    line = json.loads(JsonFormatter().format(record))
    assert "13812345678" not in line["msg"] and "138****5678" in line["msg"]
    assert "370102199001011234" not in line["msg"]


class _AskTwice(Flow):
    """A two-step flow used only here, to check what the router gives every flow."""

    name = "probe"
    title = "测试流程"

    def begin(self, turn: Turn, **params: object) -> Step:
        return Step(self.ask("probe:first", turn), "probe:first")

    def ask(self, state: str, turn: Turn) -> str:
        return "第一问：请回复数字" if state == "probe:first" else "第二问：请回复“好”"

    def handle(self, state: str, turn: Turn) -> Step:
        if state == "probe:first":
            if not turn.text.isdigit():
                return Step.again("要数字哦。", state)
            turn.data["n"] = turn.text
            return Step(self.ask("probe:second", turn), "probe:second")
        return Step(f"完成，数字是{turn.data['n']}")


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.FLOWS, "probe", _AskTwice())
    monkeypatch.setitem(registry.ACTIONS, "menu_probe", "probe")


def _start_probe(client: TestClient, openid: str) -> None:
    from bot.store.inbound import lock_conversation, save_conversation
    from bot.store.rawsql import Raw

    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    with ctx.db.session() as session:
        raw = Raw(session)
        row = lock_conversation(raw, openid=openid, at=clock.now())
        save_conversation(raw, conversation=row, state="probe:first", data={}, at=clock.now())


def test_steps_hints_back_menu_and_cancel(client: TestClient, worker: Persona, probe: None) -> None:
    _start_probe(client, worker.openid)
    hint = worker.say("abc")
    assert "要数字哦" in hint and "第一问" in hint
    assert "第二问" in worker.say("7")
    assert "第一问" in worker.say("返回")
    assert "第二问" in worker.say("8")
    menu = worker.say("菜单")
    assert "测试流程" in menu and "第二问" in menu
    assert "完成，数字是8" in worker.say("好")
    _start_probe(client, worker.openid)
    assert "已取消" in worker.say("取消")
    assert "没有进行中" in worker.say("取消")


def test_three_failures_offer_a_human(client: TestClient, worker: Persona, probe: None) -> None:
    _start_probe(client, worker.openid)
    worker.say("a")
    worker.say("b")
    assert "转人工" in worker.say("c")


def test_idle_flow_expires_with_a_gentle_note(client: TestClient, worker: Persona, probe: None) -> None:
    _start_probe(client, worker.openid)
    clock.travel(timedelta(minutes=31))
    reply = worker.say("菜单")
    assert "超过30分钟" in reply and "培训报名" in reply


def test_redis_dedup_shared_between_processes(redis_url: str, db: object) -> None:
    first, second = RedisDedup(redis_url), RedisDedup(redis_url)
    session: Session = None  # type: ignore[assignment]  # Redis claims do not use the session
    assert first.claim(session, "m:1", "o").outcome == "new"
    assert second.claim(session, "m:1", "o").outcome == "busy"
    first.committed("m:1", "回复")
    assert second.claim(session, "m:1", "o").reply == "回复"
    assert first.claim(session, "m:2", "o").outcome == "new"
    first.failed("m:2")
    assert second.claim(session, "m:2", "o").outcome == "new"


def test_app_with_redis_deduplicates_retries(db_url: str, redis_url: str) -> None:
    from bot.app import create_app
    from tests.conftest import make_peer, make_settings

    with TestClient(create_app(make_settings(db_url, redis_url=redis_url))) as test_client:
        persona = Persona(test_client, make_peer(), "o_redis")
        replies = {persona.say("转人工", msg_id="5150") for _ in range(3)}
        assert len(replies) == 1
        from sqlmodel import select

        from bot.store.models import HandoffRequest

        with test_client.app.state.ctx.db.session() as s:  # type: ignore[attr-defined]
            assert len(s.exec(select(HandoffRequest)).all()) == 1


def test_staff_api_refuses_out_of_range_values_without_a_500(client: TestClient) -> None:
    auth = {"Authorization": "Bearer dev-staff-token"}
    for path in (
        "/api/workers/302314731122679365206756294656",
        "/api/enrolments/36893488147419103233",
        "/api/employers?offset=4670077710678953558016",
        "/api/enrolments?offset=-816&limit=-114241",
        "/api/vacancies?employer_id=99999999999999999999",
    ):
        assert client.get(path, headers=auth).status_code == 422, path
    assert client.post("/api/employers/1074232030135427211984896/reject", headers=auth).status_code == 422
