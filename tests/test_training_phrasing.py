"""Training through the REAL understanding layer: workers' own phrasing, voice run-ons, leaving a form in
words, and the promoted worker's message arriving at the fake WeChat API."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot.outbound.sender import OutboundSender
from bot.services.training import load_demo_catalogue
from bot.services.training_inputs import Invalid, check_id_number, check_name
from bot.settings import Settings
from bot.store import training as store
from bot.store.db import Database
from bot.store.models import Conversation
from bot.store.training_models import Worker
from tests.conftest import make_peer, make_settings
from tests.support import Persona
from tests.training_support import ID_A, ID_B, travel_to_today, valid_id

# Born 1985 in 聊城东昌府区, a county code created in 1997: valid, though python-stdnum alone refuses it.
ID_LIAOCHENG = valid_id("37150219851111222")


@pytest.fixture
def fake(fake_wechat: Any) -> Any:
    return fake_wechat


@pytest.fixture
def settings(db_url: str, fake: Any) -> Settings:
    return make_settings(db_url, wechat_api_base=fake.base_url)


@pytest.fixture
def real(client: TestClient) -> Iterator[None]:
    """The demo catalogue and 2026-11-26, with the understander the service really uses."""
    travel_to_today()
    load_demo_catalogue(_db(client))
    assert type(client.app.state.ctx.understander).__name__ != "KeywordUnderstander"  # type: ignore[attr-defined]
    yield


def _db(client: TestClient) -> Database:
    return client.app.state.ctx.db  # type: ignore[attr-defined]


def _say(persona: Persona, fake: Any, text: str) -> str:
    """What the simulator does: WeChat's side learns of the interaction, then the message is posted."""
    fake.admin("POST", "/_fake/interaction", json={"openid": persona.openid, "kind": "message"})
    return persona.say(text)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("有什么培训", "回复序号查看详情，回复“下一页”继续"),
        ("俺想学个月嫂", "母婴护理（月嫂）培训班"),
        ("济南有学月嫂的吗", "（济南市·家政服务员）"),
        ("养老护理啥时候开班", "1. 养老护理员培训班｜烟台芝罘区｜12月14日开班"),
        ("有哪些劳务品牌", "1. 济南家政（服务型·济南）"),
        ("我要报名", "请选择要报名的课程"),
        ("报个名", "请选择要报名的课程"),
        ("聊城有钢筋工培训吗", "钢筋工培训班"),
        ("有没有电工培训", "电工（低压电工）培训"),
        ("有啥培训没", "回复序号查看详情"),
        ("我的报名", "您还没有报名培训"),
        ("我的信息", "还没有保存您的个人信息"),
        ("取消报名", "没有可以取消的报名"),
        ("改手机号", "还没有保存您的个人信息"),
        ("删除我的信息", "确定删除请回复“确认删除”"),
    ],
)
def test_workers_phrasing_reaches_the_training_flows(
    real: None, worker: Persona, said: str, expected: str
) -> None:
    reply = worker.say(said)
    assert expected in reply, reply


def test_voice_run_on_finds_courses(real: None, worker: Persona) -> None:
    reply = worker.voice("嗯那个我想问一下聊城那边有没有钢筋工的培训班啊")
    assert "钢筋工培训班" in reply and reply.count("\n") <= 8


def test_lists_are_five_a_page(real: None, worker: Persona) -> None:
    first = worker.say("有什么培训")
    assert "5. " in first and "6. " not in first and "（第1/5页）" in first
    second = worker.say("下一页")
    assert "6. " in second and "10. " in second and "11. " not in second
    detail = worker.say("7")
    assert detail.startswith("【") and "回复“报名”" in detail and "报名截止" in detail


def test_whole_enrolment_and_self_service_in_workers_words(real: None, client: TestClient, fake: Any) -> None:
    worker = Persona(client, make_peer(), "o_words_1")
    worker.dialog(
        [
            ("俺想学个月嫂", "请选择要报名的课程"),
            ("1", "收集：姓名、手机号、身份证号"),
            ("好的", "姓名"),
            ("赵六6", "姓名里不应有数字"),
            ("我叫赵六", "手机号"),
            ("138 0013 8000", "身份证号"),
            (ID_LIAOCHENG, "哪个市"),
            ("聊城", "聊城市哪个区县"),
            ("东昌府", "以下人群"),
            ("我是退伍的", "重点群体：退役军人"),
            ("确认", "报名成功"),
        ]
    )
    worker.dialog(
        [
            ("我的报名", "1. 母婴护理（月嫂）培训班｜12月7日开班｜已报名"),
            ("我的信息", "赵*"),
            ("换个手机号", "手机号"),
            ("13900139000", "139****9000"),
        ]
    )
    profile = worker.say("我的信息")
    assert "139****9000" in profile and "371502********" in profile and ID_LIAOCHENG not in profile
    # A second course: only the summary is asked, nothing already known.
    worker.dialog([("报个名", "请选择"), ("养老护理", "养老护理员培训班"), ("1", "请核对报名信息")])
    worker.dialog([("确认", "报名成功")])
    worker.dialog(
        [
            ("不想去了", "您要取消哪个报名"),
            ("第二个", "确定取消《养老护理员培训班》"),
            ("确定", "已取消《养老护理员培训班》"),
        ]
    )
    assert "已取消" in worker.say("我的报名")


def test_leaving_the_form_in_words_saves_nothing(real: None, client: TestClient, worker: Persona) -> None:
    worker.dialog([("济南有学月嫂的吗", "月嫂"), ("1", "报名截止"), ("报名", "同意"), ("同意", "姓名")])
    assert "已取消“培训报名”" in worker.say("取消报名")
    worker.dialog([("报个名", "请选择"), ("1", "同意"), ("同意", "姓名"), ("张三丰", "手机号")])
    assert "您还没有报名培训" in worker.say("我的报名")  # another request leaves the form
    worker.dialog([("报个名", "请选择"), ("1", "同意"), ("同意", "姓名"), ("张三丰", "手机号")])
    worker.dialog([("13800138000", "身份证号")])
    assert "回复序号查看详情" in worker.say("有什么培训")
    with _db(client).session() as s:
        assert s.exec(select(Worker)).first() is None
        conversation = s.exec(select(Conversation).where(Conversation.openid == worker.openid)).one()
        assert "profile" not in conversation.data


def test_cancel_list_lets_the_worker_ask_something_else(real: None, worker: Persona) -> None:
    for course in ("母婴护理（月嫂）培训班", "养老护理员培训班"):
        worker.dialog([("有什么培训", "1."), (course[:4], course), ("1", "报名截止"), ("报名", "")])
        _finish(worker)
    worker.dialog([("取消报名", "您要取消哪个报名"), ("我的信息", "您的信息")])
    worker.dialog([("取消报名", "您要取消哪个报名"), ("有什么培训", "回复序号查看详情")])
    worker.dialog([("改手机号", "手机号"), ("有哪些劳务品牌", "济南家政")])


def _finish(worker: Persona) -> None:
    """Answers whatever the form still asks, up to 确认."""
    answers = [
        ("请核对", "确认"),
        ("以下人群", "8"),
        ("哪个市", "济南市历下区"),
        ("身份证号（18位）", ID_B),
        ("手机号（11位）", "13800138000"),
        ("您的姓名", "张三丰"),
        ("回复“同意”", "同意"),
    ]
    reply = worker.replies[-1] or ""
    for _ in range(8):
        if "报名成功" in reply:
            return
        answer = next(a for q, a in answers if q in reply)
        reply = worker.say(answer)
    raise AssertionError(reply)


def test_promoted_worker_is_told_through_wechat(
    real: None, client: TestClient, fake: Any, settings: Settings
) -> None:
    with _db(client).session() as s:
        course = store.get_course(s, code="JN-YS-2612")
        assert course is not None
        course.capacity = 1
        s.add(course)
    first = Persona(client, make_peer(), "o_first")
    second = Persona(client, make_peer(), "o_second")
    form = ("济南有学月嫂的吗", "1", "报名", "同意", "李四", "13800138000")
    for said in (*form, ID_B, "济南市历下区", "8"):
        _say(first, fake, said)
    assert "报名成功" in _say(first, fake, "确认")
    for said in (*form, ID_A, "济南市历下区"):
        _say(second, fake, said)
    assert "名额已满，提交后登记为候补" in _say(second, fake, "8")
    assert "候补第1位" in _say(second, fake, "确认")
    _say(first, fake, "取消报名")
    assert "已取消《母婴护理（月嫂）培训班》" in _say(first, fake, "确定")
    OutboundSender(_db(client), settings).drain()
    deadline = time.monotonic() + 10
    texts: list[str] = []
    while time.monotonic() < deadline and not texts:
        seen = fake.admin("GET", "/_fake/messages", params={"openid": "o_second"})["messages"]
        texts = [m["text"] for m in seen if "递补成功" in (m.get("text") or "")]
        time.sleep(0.05)
    assert len(texts) == 1 and "母婴护理（月嫂）培训班" in texts[0] and "12月7日" in texts[0]
    assert "已报名" in _say(second, fake, "我的报名")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ("济南市历下区", "18位数字"),
        ("37010219900307123", "您输入了17位数字"),
        ("370102199003071234", "校验位不对"),
        (valid_id("37010219901332123"), "出生日期不对"),
        (valid_id("99010219900307123"), "地区码不对"),
        (valid_id("37010220200307123"), "年满16周岁"),
        ("3701021990030712a8", "只能有数字"),
    ],
)
def test_id_number_hints(answer: str, hint: str) -> None:
    with pytest.raises(Invalid, match=hint):
        check_id_number(answer, today=date(2026, 11, 26))


def test_id_numbers_of_renamed_counties_are_accepted() -> None:
    assert check_id_number(ID_LIAOCHENG, today=date(2026, 11, 26)) == ID_LIAOCHENG
    assert check_id_number("3701 0219 9003 0712 38", today=date(2026, 11, 26)) == ID_B


@pytest.mark.parametrize("answer", ["取消报名", "我的信息", "有什么培训", "不想填", "李四吧"])
def test_requests_are_not_taken_for_names(answer: str) -> None:
    with pytest.raises(Invalid):
        check_name(answer)
