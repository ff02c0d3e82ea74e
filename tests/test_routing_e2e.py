"""The real understanding layer routes everyday messages to the right flow, end to end through /wechat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from bot import clock
from bot.services.training import load_demo_catalogue
from tests.support import Persona


@pytest.fixture
def catalogue(client: TestClient) -> None:
    clock.travel(datetime(2026, 11, 26, 2, 0, tzinfo=UTC) - clock.now())
    load_demo_catalogue(client.app.state.ctx.db)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("有什么培训", "回复序号查看详情"),
        ("济南有学月嫂的吗", "济南"),
        ("养老护理啥时候开班", "养老护理"),
        ("有哪些劳务品牌", "济南家政"),
        ("找工作", "什么工作"),
        ("我要招人", "企业"),
        ("招聘家政服务员3名，济南历下区，月薪5000-7000，包吃住，联系电话13812345678", "企业"),
        ("我的报名", "报名"),
        ("月嫂", "家政服务员"),
        ("删除我的信息", "删除"),
    ],
)
def test_everyday_messages_reach_their_flow(
    worker: Persona, catalogue: None, said: str, expected: str
) -> None:
    reply = worker.say(said)
    assert expected in reply, reply
    assert "暂时回答不了" not in reply


def test_leaving_a_form_mid_way_says_so_and_answers_the_new_request(worker: Persona, catalogue: None) -> None:
    worker.say("我要报名")
    worker.say("1")
    assert "姓名" in worker.say("同意")
    reply = worker.say("我的报名")
    assert "已退出报名" in reply and "没有保存" in reply
