"""The staff API for training: bearer token, masking with audited full views, courses, rosters and marks."""

from __future__ import annotations

import io
import logging
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from bot.services import training as service
from bot.settings import DEV_API_TOKEN
from bot.store import training as store
from bot.store.db import Database
from bot.store.models import StaffAudit
from bot.store.training_models import EnrolmentEvent
from tests.training_support import ID_A, ID_B, prepare

AUTH = {"Authorization": f"Bearer {DEV_API_TOKEN}", "X-Staff-Name": "wang"}


def _db(client: TestClient) -> Database:
    return client.app.state.ctx.db  # type: ignore[attr-defined]


def _secret(client: TestClient) -> str:
    return client.app.state.ctx.settings.id_encryption_key.get_secret_value()  # type: ignore[attr-defined]


def _enrol(client: TestClient, openid: str, id_number: str, name: str, code: str = "JN-YS-2612") -> int:
    profile: dict[str, Any] = {
        "name": name,
        "phone": "13800138000",
        "city": "济南市",
        "county": "历下区",
        "priority_group": "退役军人",
        **service.sealed_id(id_number, secret=_secret(client)),
    }
    with _db(client).session() as s:
        outcome = service.submit_enrolment(s, openid=openid, course_code=code, profile=profile)
        assert outcome.enrolment is not None and outcome.enrolment.id is not None
        return outcome.enrolment.id


def test_every_training_endpoint_needs_the_token(client: TestClient) -> None:
    prepare(client)
    for path in (
        "/api/brands",
        "/api/courses",
        "/api/enrolments",
        "/api/workers",
        "/api/workers/1",
        "/api/courses/JN-YS-2612/roster.xlsx",
        "/api/courses/catalogue.xlsx",
    ):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401, path
    assert client.post("/api/enrolments/1/marks", json={"attended": True}).status_code == 401
    schema = client.get("/openapi.json").json()
    assert (
        "/api/courses/{code}/roster.xlsx" in schema["paths"]
        and "/api/enrolments/{enrolment_id}/marks" in schema["paths"]
    )


def test_brands_and_courses_list_create_update(client: TestClient) -> None:
    prepare(client)
    brands = client.get("/api/brands", headers=AUTH).json()
    assert len(brands) == 9 and brands[0]["code"] == "jinan-jiazheng"
    course = client.get("/api/courses/JN-YS-2612", headers=AUTH).json()
    assert course["capacity"] == 30 and course["enrolled"] == 0 and "月嫂" in course["keywords"]
    assert len(client.get("/api/courses", headers=AUTH, params={"city": "济南市"}).json()) == 3

    new = {
        **course,
        "code": "JN-YS-2703",
        "start_date": "2027-03-08",
        "end_date": "2027-03-26",
        "enrol_deadline": "2027-03-01",
    }
    for key in ("enrolled", "waitlisted"):
        new.pop(key)
    created = client.post("/api/courses", headers=AUTH, json=new)
    assert created.status_code == 201 and created.json()["code"] == "JN-YS-2703"
    assert client.post("/api/courses", headers=AUTH, json=new).status_code == 409
    bad = client.patch(
        "/api/courses/JN-YS-2703", headers=AUTH, json={"capacity": 0, "start_date": "2027/3/8"}
    )
    assert bad.status_code == 422 and "开班日期格式应为2026-12-01" in bad.json()["detail"]
    assert client.patch("/api/courses/JN-YS-2703", headers=AUTH, json={"capacity": 0}).json()["detail"] == [
        "名额应大于0"
    ]
    assert (
        client.patch("/api/courses/JN-YS-2703", headers=AUTH, json={"capacity": 12}).json()["capacity"] == 12
    )
    renamed = client.patch("/api/brands/jinan-jiazheng", headers=AUTH, json={"target_trained": 1500})
    assert renamed.status_code == 200 and renamed.json()["target_trained"] == 1500


def test_raising_capacity_promotes_the_waiting_list(client: TestClient) -> None:
    prepare(client)
    client.patch("/api/courses/JN-YS-2612", headers=AUTH, json={"capacity": 1})
    _enrol(client, "o_a", ID_A, "李四")
    waiting = _enrol(client, "o_b", ID_B, "张三丰")
    assert client.get(f"/api/enrolments/{waiting}", headers=AUTH).json()["waitlist_position"] == 1
    client.patch("/api/courses/JN-YS-2612", headers=AUTH, json={"capacity": 2})
    promoted = client.get(f"/api/enrolments/{waiting}", headers=AUTH).json()
    assert promoted["status"] == "enrolled" and [e["kind"] for e in promoted["events"]] == [
        "waitlisted",
        "promoted",
    ]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_workers_are_masked_unless_a_reason_is_given_and_audited(client: TestClient) -> None:
    prepare(client)
    handler = _Collect()
    audit_log = logging.getLogger("laborbot.training.audit")
    audit_log.addHandler(handler)
    audit_log.setLevel(logging.INFO)
    _enrol(client, "o_a", ID_B, "张三丰")
    listed = client.get("/api/workers", headers=AUTH).json()
    assert listed[0]["name"] == "张*丰" and listed[0]["phone"] == "138****8000"
    assert listed[0]["id_number"] == "370102********1238" and listed[0]["masked"] is True
    worker_id = listed[0]["id"]
    assert client.get(f"/api/workers/{worker_id}", headers=AUTH).json()["masked"] is True
    with _db(client).session() as s:
        assert s.exec(select(StaffAudit)).all() == []
    full = client.get(
        f"/api/workers/{worker_id}", headers=AUTH, params={"reason": "核对培训补贴申领材料"}
    ).json()
    assert full["name"] == "张三丰" and full["phone"] == "13800138000" and full["id_number"] == ID_B
    with _db(client).session() as s:
        audit = s.exec(select(StaffAudit)).one()
        assert (audit.actor, audit.action, audit.subject, audit.reason) == (
            "wang",
            "worker_full_view",
            f"worker:{worker_id}",
            "核对培训补贴申领材料",
        )
    audit_log.removeHandler(handler)
    audit_log.setLevel(logging.NOTSET)
    logged = handler.records
    assert len(logged) == 1 and logged[0].__dict__["reason"] == "核对培训补贴申领材料"
    assert logged[0].__dict__["subject"] == f"worker:{worker_id}" and logged[0].__dict__["actor"] == "wang"


def test_marks_one_by_one_are_events_with_actor_and_time(client: TestClient) -> None:
    prepare(client)
    enrolment_id = _enrol(client, "o_a", ID_B, "张三丰")
    marked = client.post(
        f"/api/enrolments/{enrolment_id}/marks", headers=AUTH, json={"attended": True, "completed": True}
    )
    assert marked.status_code == 200 and marked.json()["attended_at"] and marked.json()["completed_at"]
    client.post(
        f"/api/enrolments/{enrolment_id}/marks",
        headers=AUTH,
        json={"certified": True, "certificate_no": "S370100000123"},
    )
    client.post(f"/api/enrolments/{enrolment_id}/marks", headers=AUTH, json={"attended": True})  # no change
    events = client.get(f"/api/enrolments/{enrolment_id}", headers=AUTH).json()["events"]
    assert [(e["kind"], e["actor"]) for e in events] == [
        ("enrolled", "worker"),
        ("attended", "staff:wang"),
        ("completed", "staff:wang"),
        ("certified", "staff:wang"),
    ]
    assert all(e["at"] for e in events)
    with _db(client).session() as s:
        worker = store.get_worker(s, openid="o_a")
        assert worker is not None and worker.id is not None
        assert store.completed_training(s, worker_id=worker.id) == [("4-10-01-06", "职业技能等级证书", True)]


def test_roster_download_and_marks_upload(client: TestClient) -> None:
    prepare(client)
    first = _enrol(client, "o_a", ID_B, "张三丰")
    second = _enrol(client, "o_b", ID_A, "李四")
    response = client.get("/api/courses/JN-YS-2612/roster.xlsx", headers=AUTH)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[2]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert (
        rows[first][header.index("姓名")] == "张*丰" and rows[first][header.index("手机号")] == "138****8000"
    )
    full = client.get("/api/courses/JN-YS-2612/roster.xlsx", headers=AUTH, params={"reason": "开班电话通知"})
    full_sheet = load_workbook(io.BytesIO(full.content)).active
    assert full_sheet is not None
    assert ID_B in [c.value for row in full_sheet.iter_rows(min_row=3) for c in row]

    # A sheet with one bad value: nothing is applied.
    sheet.cell(row=3, column=header.index("到课") + 1, value="是")
    sheet.cell(row=4, column=header.index("结业") + 1, value="也许")
    bad = io.BytesIO()
    sheet.parent.save(bad)
    refused = client.post(
        "/api/courses/JN-YS-2612/marks.xlsx", headers=AUTH, files={"file": ("roster.xlsx", bad.getvalue())}
    )
    assert refused.status_code == 422 and refused.json()["detail"] == ["第4行：“结业”请填“是”或“否”"]
    with _db(client).session() as s:
        assert [e.kind for e in s.exec(select(EnrolmentEvent))] == ["enrolled", "enrolled"]

    sheet.cell(row=4, column=header.index("结业") + 1, value="是")
    good = io.BytesIO()
    sheet.parent.save(good)
    applied = client.post(
        "/api/courses/JN-YS-2612/marks.xlsx", headers=AUTH, files={"file": ("roster.xlsx", good.getvalue())}
    )
    assert applied.json() == {"rows": 2, "changes": 2}
    assert client.get(f"/api/enrolments/{first}", headers=AUTH).json()["attended_at"]
    assert client.get(f"/api/enrolments/{second}", headers=AUTH).json()["completed_at"]
    with _db(client).session() as s:
        assert s.exec(select(StaffAudit)).one().action == "roster_full_export"


def test_catalogue_upload_reports_bad_rows(client: TestClient) -> None:
    prepare(client)
    exported = client.get("/api/courses/catalogue.xlsx", headers=AUTH).content
    workbook = load_workbook(io.BytesIO(exported))
    workbook["培训课程"]["A5"] = "坏 编码"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/api/courses/catalogue.xlsx", headers=AUTH, files={"file": ("c.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == ["培训课程第5行：课程编码只能用字母、数字、-和_，最长64位"]


def test_catalogue_problems_are_listed_sheet_by_sheet_and_row_by_row(client: TestClient) -> None:
    prepare(client)
    workbook = load_workbook(io.BytesIO(client.get("/api/courses/catalogue.xlsx", headers=AUTH).content))
    courses = workbook["培训课程"]
    header = [c.value for c in courses[1]]
    courses.cell(row=5, column=header.index("品牌编码") + 1, value="no-such-brand")
    courses.cell(row=3, column=header.index("名额") + 1, value=-5)
    courses.cell(row=4, column=header.index("城市") + 1, value="北京市")
    workbook["劳务品牌"].cell(row=6, column=3, value="随便型")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/api/courses/catalogue.xlsx", headers=AUTH, files={"file": ("c.xlsx", buffer.getvalue())}
    )
    rows = [problem.split("：", 1)[0] for problem in response.json()["detail"]]
    assert rows == ["劳务品牌第6行", "培训课程第3行", "培训课程第4行", "培训课程第5行"], response.json()
    with _db(client).session() as s:
        course = store.get_course(s, code="JN-YS-2612")
        assert course is not None and course.capacity == 30  # nothing imported


def test_staff_names_in_chinese_are_recorded_as_typed(client: TestClient) -> None:
    prepare(client)
    enrolment_id = _enrol(client, "o_a", ID_B, "张三丰")
    for header in ("刘老师".encode(), b"%E5%88%98%E8%80%81%E5%B8%88"):
        headers = {k.encode(): v.encode() for k, v in AUTH.items()} | {b"X-Staff-Name": header}
        client.post(
            f"/api/enrolments/{enrolment_id}/marks",
            headers=headers,
            json={"attended": True},
        )
        client.post(
            f"/api/enrolments/{enrolment_id}/marks",
            headers=headers,
            json={"attended": False},
        )
    events = client.get(f"/api/enrolments/{enrolment_id}", headers=AUTH).json()["events"]
    assert {e["actor"] for e in events if e["kind"].startswith("attended")} == {"staff:刘老师"}


def test_a_restart_keeps_what_staff_changed_through_the_api(client: TestClient) -> None:
    prepare(client)
    changed = client.patch("/api/courses/JN-YS-2612", headers=AUTH, json={"capacity": 2})
    assert changed.status_code == 200 and changed.json()["capacity"] == 2
    service.load_demo_catalogue(_db(client))  # what `laborbot serve --dev` does at every start
    assert client.get("/api/courses/JN-YS-2612", headers=AUTH).json()["capacity"] == 2
