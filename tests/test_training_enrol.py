"""Enrolment conversations through /wechat: the happy path, every validation failure, 取消 midway,
returning workers, idempotency, and the last seat taken by two workers at once."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from bot.services import training as service
from bot.store import training as store
from bot.store.db import Database
from bot.store.models import Consent, Conversation, InboundMessage
from bot.store.training_models import Course, Enrolment, EnrolmentEvent, Worker
from tests.conftest import make_peer
from tests.support import Persona
from tests.training_support import ID_A, ID_B, prepare, valid_id


def _db(client: TestClient) -> Database:
    return client.app.state.ctx.db  # type: ignore[attr-defined]


def _to_details(persona: Persona) -> None:
    """From the menu to the details of the first 济南 月嫂 course, ready to say 报名."""
    persona.dialog([("济南有学月嫂的吗", "母婴护理（月嫂）培训班"), ("1", "报名截止：12月4日")])


def _enrol(
    persona: Persona, id_number: str = ID_B, *, name: str = "张三丰", phone: str = "13800138000"
) -> str:
    _to_details(persona)
    persona.dialog(
        [
            ("报名", "同意"),
            ("同意", "姓名"),
            (name, "手机号"),
            (phone, "身份证号"),
            (id_number, "哪个市"),
            ("济南市历下区", "以下人群"),
            ("8", "请核对"),
        ]
    )
    return persona.say("确认")


def test_whole_enrolment_by_menu_click(client: TestClient, worker: Persona) -> None:
    prepare(client)
    listing = worker.click("COURSES")
    assert "1. 母婴护理（月嫂）培训班" in listing and "回复序号查看详情，回复“下一页”继续" in listing
    assert listing.count("\n") <= 9  # five courses a page
    assert "6. " in worker.say("下一页")
    worker.dialog([("1", "【母婴护理（月嫂）培训班】"), ("报名", "身份证号")])
    worker.dialog(
        [
            ("同意", "请问您的姓名"),
            ("张三丰", "11位"),
            ("13800138000", "18位"),
            (ID_B, "哪个市"),
            ("历下区", "以下人群"),
            ("3", "请核对报名信息"),
        ]
    )
    summary = worker.replies[-1]
    assert summary is not None and "370102********1238" in summary and ID_B not in summary
    assert "农村留守妇女" in summary and "济南市历下区" in summary
    done = worker.say("确认")
    assert "报名成功" in done and "12月7日至12月25日" in done and "身份证原件" in done and "历下区" in done

    with _db(client).session() as s:
        person = s.exec(select(Worker)).one()
        assert person.name == "张三丰" and person.phone == "13800138000"
        assert person.id_masked == "370102********1238" and ID_B not in (person.id_sealed or "")
        secret = client.app.state.ctx.settings.id_encryption_key.get_secret_value()  # type: ignore[attr-defined]
        assert service.worker_id_number(person, secret=secret) == ID_B
        assert person.priority_group == "农村留守妇女" and person.county == "历下区"
        enrolment = s.exec(select(Enrolment)).one()
        assert enrolment.status == "enrolled" and enrolment.worker_id == person.id
        assert [e.kind for e in s.exec(select(EnrolmentEvent))] == ["enrolled"]
        assert s.exec(select(Consent)).one().purpose == "training"
        # The clear ID number is nowhere at rest: not in the conversation, not in the message log.
        stored = " ".join(str(m.content) for m in s.exec(select(InboundMessage)))
        assert ID_B not in stored and ID_B not in str(s.exec(select(Conversation)).one().data)


def test_every_invalid_answer_gets_a_specific_hint_and_the_question_again(
    client: TestClient, worker: Persona
) -> None:
    prepare(client)
    _to_details(worker)
    minor = valid_id("37010220150101001")
    worker.dialog(
        [
            ("报名", "同意"),
            ("看看再说", "需要您回复“同意”才能继续报名"),
            ("同意", "姓名"),
            ("张3", "姓名里不应有数字"),
            ("张三丰", "手机号"),
            ("1380013800", "手机号应为11位数字，您输入了10位"),
            ("12800138000", "手机号以13到19开头"),
            ("138abc", "手机号只能是数字"),
            ("13800138000", "身份证号"),
            ("370102199003071234", "校验位不对"),
            ("3701021990", "应为18位"),
            ("370102199013071231", "出生日期不对"),
            (minor, "需年满16周岁"),
            (ID_B, "哪个市"),
            ("北京市朝阳区", "目前只服务山东省内"),
            ("济南", "济南市哪个区县"),
            ("火星区", "没有找到这个地方"),
            ("历下", "以下人群"),
            ("99", "请回复1到8之间的数字"),
            ("外星人", "没有对上选项"),
            ("退役军人", "请核对"),
            ("好像不太对", "请回复“确认”提交报名"),
        ]
    )
    # The third failure in a row at one question offers a person; the answers so far are kept.
    assert "转人工" not in worker.say("不知道")
    assert "回复“转人工”由工作人员帮您" in worker.say("嗯？")
    assert "报名成功" in worker.say("确认")


def test_three_failures_offer_a_person(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _to_details(worker)
    worker.dialog([("报名", "同意"), ("同意", "姓名"), ("张三丰", "手机号")])
    assert "转人工" not in worker.say("123")
    assert "转人工" not in worker.say("1234")
    third = worker.say("12345")
    assert "手机号应为11位数字，您输入了5位" in third and "转人工" in third


def test_cancel_midway_leaves_nothing_saved(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _to_details(worker)
    worker.dialog(
        [
            ("报名", "同意"),
            ("同意", "姓名"),
            ("张三丰", "手机号"),
            ("13800138000", "身份证号"),
            (ID_B, "哪个市"),
        ]
    )
    assert "已取消“培训报名”" in worker.say("取消")
    with _db(client).session() as s:
        assert s.exec(select(Worker)).all() == [] and s.exec(select(Enrolment)).all() == []
        assert s.exec(select(Consent)).all() == []
        conversation = s.exec(select(Conversation)).one()
        assert conversation.state is None and "profile" not in conversation.data


def test_edit_from_the_summary_returns_to_the_summary(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _to_details(worker)
    worker.dialog(
        [
            ("报名", "同意"),
            ("同意", "姓名"),
            ("张三丰", "手机号"),
            ("13800138000", "身份证号"),
            (ID_B, "哪个市"),
            ("菏泽曹县", "以下人群"),
            ("无", "请核对"),
            ("改手机号", "手机号"),
            ("13900139000", "13900139000"),
            ("确认", "报名成功"),
        ]
    )


def test_returning_worker_is_asked_only_what_is_missing(client: TestClient, worker: Persona) -> None:
    prepare(client)
    assert "报名成功" in _enrol(worker)
    worker.dialog([("养老护理啥时候开班", "养老护理员培训班"), ("1", "【养老护理员培训班】")])
    summary = worker.say("报名")
    assert "请核对报名信息" in summary and "张三丰" in summary and "养老护理员培训班" in summary
    assert "报名成功" in worker.say("确认")
    # The same course again: no second enrolment.
    worker.dialog(
        [("济南有学月嫂的吗", "月嫂"), ("1", "母婴护理"), ("报名", "已经报名了《母婴护理（月嫂）培训班》")]
    )
    with _db(client).session() as s:
        assert len(s.exec(select(Enrolment)).all()) == 2


def test_retried_confirmation_makes_one_enrolment(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _to_details(worker)
    worker.dialog(
        [
            ("报名", "同意"),
            ("同意", "姓名"),
            ("张三丰", "手机号"),
            ("13800138000", "身份证号"),
            (ID_B, "哪个市"),
            ("历下", "以下人群"),
            ("无", "请核对"),
        ]
    )
    first = worker.say("确认", msg_id="9000001")
    again = worker.say("确认", msg_id="9000001")  # WeChat retries the same message
    assert first == again and "报名成功" in first
    with _db(client).session() as s:
        assert len(s.exec(select(Enrolment)).all()) == 1 and len(s.exec(select(EnrolmentEvent)).all()) == 1


def test_same_id_number_from_another_wechat_is_refused(client: TestClient, worker: Persona) -> None:
    prepare(client)
    assert "报名成功" in _enrol(worker)
    other = Persona(client, make_peer(), "o_other_phone")
    assert "已经用其他微信报名了这门课" in _enrol(other, ID_B, name="张三丰", phone="13900139000")


def _set_capacity(db: Database, code: str, capacity: int) -> None:
    with db.session() as s:
        course = store.get_course(s, code=code)
        assert course is not None
        course.capacity = capacity
        s.add(course)


def test_full_course_waitlists_by_chat(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _set_capacity(_db(client), "JN-YS-2612", 1)
    assert "报名成功" in _enrol(worker)
    second = Persona(client, make_peer(), "o_worker_2")
    assert "候补第1位" in _enrol(second, ID_A, name="李四")


def _profile(id_number: str, secret: str) -> dict[str, Any]:
    return {
        "name": "王五",
        "phone": "13700137000",
        **service.sealed_id(id_number, secret=secret),
        "city": "济南市",
        "county": "历下区",
        "priority_group": None,
    }


def test_last_seat_taken_by_two_workers_at_once(client: TestClient) -> None:
    """Two threads, each with its own session, confirm at the same moment: one seat, one waiting list."""
    prepare(client)
    db = _db(client)
    secret = client.app.state.ctx.settings.id_encryption_key.get_secret_value()  # type: ignore[attr-defined]
    _set_capacity(db, "JN-YS-2612", 1)
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def confirm(openid: str, id_number: str) -> None:
        try:
            barrier.wait(5)
            with Session(db.engine, expire_on_commit=False) as session:
                if not db.is_sqlite:  # both transactions are open before either counts seats
                    session.execute(text("SELECT 1"))
                    barrier.wait(5)
                outcome = service.submit_enrolment(
                    session, openid=openid, course_code="JN-YS-2612", profile=_profile(id_number, secret)
                )
                session.commit()
                results[openid] = outcome.status
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    barrier_threads = [
        threading.Thread(target=confirm, args=("o_a", ID_A)),
        threading.Thread(target=confirm, args=("o_b", ID_B)),
    ]
    for thread in barrier_threads:
        thread.start()
    for thread in barrier_threads:
        thread.join(20)
    assert not errors, errors
    assert sorted(results.values()) == ["enrolled", "waitlisted"]
    with db.session() as s:
        course = store.get_course(s, code="JN-YS-2612")
        assert course is not None
        assert store.seats(s, course=course).enrolled == 1 and store.seats(s, course=course).waitlisted == 1


def test_capacity_and_dates_are_respected_when_closed(client: TestClient, worker: Persona) -> None:
    prepare(client)
    with _db(client).session() as s:
        course = s.exec(select(Course).where(Course.code == "JN-YS-2612")).one()
        assert course.enrol_deadline.isoformat() == "2026-12-04"
    from datetime import timedelta

    from bot import clock

    clock.travel(timedelta(days=9))  # 12月5日: the 月嫂 course no longer takes enrolments
    reply = worker.say("济南有学月嫂的吗")
    assert "母婴护理（月嫂）培训班" not in reply and "月嫂定岗定向培训" in reply
