"""Shared pieces of the employment tests: personas, an employer registered by chat, training rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from bot import clock
from bot.context import AppContext
from bot.settings import DEV_API_TOKEN
from bot.store.employer_models import Employer
from bot.store.models import OutboxMessage
from bot.store.training_models import Brand, Course, Enrolment, Worker
from tests.conftest import make_peer
from tests.support import Persona

# Valid unified social credit codes (python-stdnum computes the last character).
CODE_A = "91370102MA3C5X8K2T"
CODE_B = "91370211MA3D7Q1P5L"
BAD_CODE = "91370102MA3C5X8K2A"
STAFF = {"Authorization": f"Bearer {DEV_API_TOKEN}"}
VACANCY_TEXT = "招聘家政服务员3名，济南历下区，月薪5000-7000，包吃住，联系电话13812345678"


def ctx_of(client: TestClient) -> AppContext:
    ctx: AppContext = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx


def persona(client: TestClient, openid: str) -> Persona:
    return Persona(client, make_peer(), openid)


def register_employer(
    boss: Persona, *, company: str = "济南安心家政服务有限公司", code: str = CODE_A, place: str = "济南历下区"
) -> None:
    boss.dialog(
        [
            ("我是企业", "回复“同意”"),
            ("同意", "企业全称"),
            (company, "统一社会信用代码"),
            (code, "联系人的姓名"),
            ("王丽", "手机号或座机"),
            ("13900001111", "哪个区县"),
            (place, "登记成功"),
        ]
    )


def employer_id(client: TestClient, credit_code: str) -> int:
    with ctx_of(client).db.session() as session:
        employer = session.exec(select(Employer).where(Employer.credit_code == credit_code)).one()
        assert employer.id is not None
        return employer.id


def approve(client: TestClient, credit_code: str) -> dict[str, Any]:
    response = client.post(f"/api/employers/{employer_id(client, credit_code)}/approve", headers=STAFF)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def outbox_texts(client: TestClient, openid: str) -> list[str]:
    with ctx_of(client).db.session() as session:
        rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.openid == openid).order_by(col(OutboxMessage.id))
        ).all()
        return [str(row.payload.get("text", "")) for row in rows]


def all_outbox_texts(client: TestClient) -> list[str]:
    with ctx_of(client).db.session() as session:
        return [str(row.payload.get("text", "")) for row in session.exec(select(OutboxMessage)).all()]


def trained_worker(
    session: Session,
    *,
    openid: str,
    name: str,
    phone: str,
    occupation: str,
    code: str,
    county: str = "历下区",
    certified: bool = True,
) -> Worker:
    """A worker who completed (and passed) a course, as training records it."""
    from bot.store import users

    users.get_or_create(session, openid=openid)
    brand = session.exec(select(Brand).where(Brand.code == "test-brand")).first()
    if brand is None:
        brand = Brand(code="test-brand", name="鲁嫂", type="服务型", unit="济南市人社局", city="济南市")
        session.add(brand)
        session.flush()
    course = Course(
        code=f"c-{openid}",
        title=f"{occupation}培训班",
        brand_id=brand.id or 0,
        occupation=occupation,
        occupation_code=code,
        kind="菜单式",
        city="济南市",
        county=county,
        venue="培训中心",
        start_date=date(2026, 10, 1),
        end_date=date(2026, 10, 30),
        hours=80,
        capacity=30,
        certificate_type="职业技能等级证书",
        certificate_name=f"{occupation}证书",
        enrol_deadline=date(2026, 9, 30),
    )
    worker = Worker(openid=openid, name=name, phone=phone, city="济南市", county=county)
    session.add(course)
    session.add(worker)
    session.flush()
    now = clock.now()
    session.add(
        Enrolment(
            worker_id=worker.id,
            course_id=course.id or 0,
            status="enrolled",
            completed_at=now - timedelta(hours=1),
            certified_at=now if certified else None,
        )
    )
    session.flush()
    return worker
