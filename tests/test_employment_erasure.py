"""删除我的信息: job preferences, interests and shared contacts go; employer contacts are blanked."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from bot.services.erasure import erase_user
from bot.store.employer_models import Employer, EmployerMember, JobInterest, JobPreference
from tests.employment_support import (
    CODE_A,
    approve,
    ctx_of,
    outbox_texts,
    persona,
    register_employer,
)


def test_erasing_a_worker_removes_preferences_interests_and_the_copy_sent_to_the_employer(
    client: TestClient,
) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    boss.dialog(
        [("招聘家政服务员2名，济南历下区，月薪5000-7000，电话13812345678", "回复1发布"), ("1", "已发布")]
    )
    seeker = persona(client, "o_seeker")
    seeker.dialog(
        [
            ("找工作", "什么工作"),
            ("家政", "哪里"),
            ("历下", "最低"),
            ("不限", "感兴趣 1"),
            ("感兴趣 1", "是否同意"),
            ("同意", "姓名"),
            ("张三丰", "手机号"),
            ("13700001234", "已把"),
        ]
    )
    assert any("13700001234" in text for text in outbox_texts(client, "o_boss"))
    with ctx_of(client).db.session() as session:
        erase_user(session, "o_seeker")
    with ctx_of(client).db.session() as session:
        assert session.exec(select(JobPreference)).all() == []
        assert session.exec(select(JobInterest)).all() == []
    assert not any("13700001234" in text or "张三丰" in text for text in outbox_texts(client, "o_boss"))
    assert "张三丰" not in boss.say("看候选人")


def test_erasing_an_employer_contact_keeps_the_company_without_the_person(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    with ctx_of(client).db.session() as session:
        erase_user(session, "o_boss")
    with ctx_of(client).db.session() as session:
        employer = session.exec(select(Employer)).one()
        assert (employer.name, employer.contact_name, employer.contact_phone) == (
            "济南安心家政服务有限公司",
            None,
            None,
        )
        assert session.exec(select(EmployerMember)).all() == []
