"""我的报名, 我的信息 (masked), 改手机号, 取消报名 with promotion (and its outbox message), 删除我的信息."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import col, select

from bot.store import training as store
from bot.store.db import Database
from bot.store.models import Consent, OutboxMessage
from bot.store.training_models import Enrolment, EnrolmentEvent, Worker
from tests.conftest import make_peer
from tests.support import Persona
from tests.training_support import ID_A, ID_B, prepare, valid_id

ID_C = valid_id("11010519800101003")


def _db(client: TestClient) -> Database:
    return client.app.state.ctx.db  # type: ignore[attr-defined]


def _enrol(persona: Persona, id_number: str, name: str) -> str:
    persona.dialog(
        [
            ("济南有学月嫂的吗", "月嫂"),
            ("1", "报名截止"),
            ("报名", "同意"),
            ("同意", "姓名"),
            (name, "手机号"),
            ("13800138000", "身份证号"),
            (id_number, "哪个市"),
            ("济南市历下区", "以下人群"),
            ("8", "请核对"),
        ]
    )
    return persona.say("确认")


def _one_seat(client: TestClient) -> None:
    with _db(client).session() as s:
        course = store.get_course(s, code="JN-YS-2612")
        assert course is not None
        course.capacity = 1
        s.add(course)


def test_my_enrolments_and_masked_profile(client: TestClient, worker: Persona) -> None:
    prepare(client)
    assert "还没有报名" in worker.click("MY_STATUS")
    assert "还没有保存您的个人信息" in worker.say("我的信息")
    _enrol(worker, ID_B, "张三丰")
    status = worker.say("我的报名")
    assert "1. 母婴护理（月嫂）培训班｜12月7日开班｜已报名" in status
    profile = worker.say("我的信息")
    assert "张*丰" in profile and "138****8000" in profile and "370102********1238" in profile
    assert "13800138000" not in profile and ID_B not in profile


def test_change_phone_checks_and_saves(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _enrol(worker, ID_B, "张三丰")
    worker.dialog(
        [("改手机号", "手机号"), ("139", "您输入了3位"), ("13900139000", "已把您的手机号改为：139****9000")]
    )
    worker.dialog(
        [
            ("我的信息", "139****9000"),
            ("改地区", "哪个区县"),
            ("青岛", "青岛市哪个区县"),
            ("黄岛", "青岛市黄岛区"),
        ]
    )
    with _db(client).session() as s:
        person = s.exec(select(Worker)).one()
        assert person.phone == "13900139000" and person.county == "黄岛区"


def test_cancel_frees_the_seat_and_promotes_the_first_waiting(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _one_seat(client)
    assert "报名成功" in _enrol(worker, ID_B, "张三丰")
    second = Persona(client, make_peer(), "o_waiting_1")
    third = Persona(client, make_peer(), "o_waiting_2")
    assert "候补第1位" in _enrol(second, ID_A, "李四")
    assert "候补第2位" in _enrol(third, ID_C, "王五")
    assert "候补第1位" in second.say("我的报名")

    worker.dialog(
        [("取消报名", "确定取消《母婴护理（月嫂）培训班》"), ("确定", "已取消《母婴护理（月嫂）培训班》")]
    )
    assert "已报名" in second.say("我的报名")
    assert "候补第1位" in third.say("我的报名")
    with _db(client).session() as s:
        rows = {
            w.openid: e.status
            for e, w in s.exec(select(Enrolment, Worker).join(Worker, col(Worker.id) == Enrolment.worker_id))
        }
        assert rows == {"o_worker_1": "cancelled", "o_waiting_1": "enrolled", "o_waiting_2": "waitlisted"}
        told = s.exec(
            select(OutboxMessage).where(col(OutboxMessage.idempotency_key).startswith("training:promoted"))
        )
        messages = told.all()
        assert len(messages) == 1 and messages[0].openid == "o_waiting_1" and messages[0].channel == "custom"
        assert "递补成功" in messages[0].payload["text"] and "12月7日" in messages[0].payload["text"]
        kinds = [e.kind for e in s.exec(select(EnrolmentEvent).order_by(col(EnrolmentEvent.id)))]
        assert kinds == ["enrolled", "waitlisted", "waitlisted", "cancelled", "promoted"]
    assert "没有可以取消的报名" in worker.say("取消报名")


def test_keeping_the_enrolment_when_not_confirmed(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _enrol(worker, ID_B, "张三丰")
    worker.dialog([("取消报名", "确定取消"), ("再想想", "报名保留")])
    assert "已报名" in worker.say("我的报名")


def test_delete_my_data_after_confirmation(client: TestClient, worker: Persona) -> None:
    prepare(client)
    _one_seat(client)
    _enrol(worker, ID_B, "张三丰")
    waiting = Persona(client, make_peer(), "o_waiting_1")
    assert "候补第1位" in _enrol(waiting, ID_A, "李四")

    worker.dialog([("我的报名", "删除我的信息"), ("删除我的信息", "确认删除"), ("算了吧不删", "没有删除")])
    with _db(client).session() as s:
        assert s.exec(select(Worker).where(Worker.openid == "o_worker_1")).first() is not None

    worker.dialog([("删除我的信息", "无法恢复"), ("确认删除", "您的个人信息已删除")])
    assert "还没有保存您的个人信息" in worker.say("我的信息")
    assert "还没有报名" in worker.say("我的报名")
    with _db(client).session() as s:
        assert s.exec(select(Worker).where(Worker.openid == "o_worker_1")).first() is None
        assert s.exec(select(Consent).where(Consent.openid == "o_worker_1")).first() is None
        anonymous = s.exec(select(Enrolment).where(Enrolment.worker_id == None)).one()  # noqa: E711
        assert anonymous.status == "cancelled"  # the course had not started: the seat is freed
        promoted = s.exec(
            select(Enrolment)
            .join(Worker, col(Worker.id) == Enrolment.worker_id)
            .where(Worker.openid == "o_waiting_1")
        ).one()
        assert promoted.status == "enrolled"
        notes = " ".join(e.actor + (e.note or "") for e in s.exec(select(EnrolmentEvent)))
        assert "o_worker_1" not in notes and "张三丰" not in notes
