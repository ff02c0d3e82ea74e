"""Employer registration by chat, approval by staff, and colleagues joining with a one-time code."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from bot import clock
from tests.employment_support import (
    BAD_CODE,
    CODE_A,
    STAFF,
    approve,
    employer_id,
    outbox_texts,
    persona,
    register_employer,
)


def test_registration_refuses_a_bad_credit_code_then_accepts_a_good_one(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    boss.dialog(
        [
            ("我要招人", "回复“同意”"),
            ("同意", "企业全称"),
            ("济南安心家政服务有限公司", "统一社会信用代码"),
            (BAD_CODE, "校验没通过"),
            (CODE_A.lower(), "联系人的姓名"),
            ("王丽", "手机号"),
            ("123", "电话号码不对"),
            ("13900001111", "哪个区县"),
            ("济南", "具体到区县"),
            ("历下", "登记成功"),
        ]
    )
    listed = client.get("/api/employers", headers=STAFF).json()
    assert [(e["name"], e["status"], e["credit_code"]) for e in listed] == [
        ("济南安心家政服务有限公司", "pending", CODE_A)
    ]
    assert listed[0]["contact_phone"] == "139****1111"  # masked for staff lists too
    assert (listed[0]["city"], listed[0]["county"]) == ("济南市", "历下区")


def test_menu_and_qr_scene_start_registration(client: TestClient) -> None:
    assert "回复“同意”" in persona(client, "o_click").click("POST_VACANCY")
    follow = persona(client, "o_scan").follow("employer")
    assert follow is not None and "回复“同意”" in follow


def test_approval_tells_the_members_and_a_second_registration_is_refused(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    assert "审核中" in boss.say("我是企业")
    assert "审核通过后" in boss.say("邀请同事")
    body = approve(client, CODE_A)
    assert body["status"] == "approved"
    assert any("已通过审核" in text for text in outbox_texts(client, "o_boss"))
    assert "已审核" in boss.say("我是企业")
    other = persona(client, "o_other")
    other.dialog(
        [("我是企业", "同意"), ("同意", "全称"), ("另一家公司名称", "信用代码"), (CODE_A, "已经登记过了")]
    )
    assert client.post("/api/employers/999/approve", headers=STAFF).status_code == 404
    assert client.post(f"/api/employers/{employer_id(client, CODE_A)}/approve").status_code == 401


def test_colleague_joins_once_with_a_code_valid_for_24_hours(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    reply = boss.say("邀请同事")
    code = reply.split("邀请码：")[1][:6]
    assert code.isdigit()
    colleague = persona(client, "o_colleague")
    assert "已加入济南安心家政服务有限公司" in colleague.say(f"加入企业 {code}")
    assert "已审核" in colleague.say("我是企业")
    assert "无效或已过期" in persona(client, "o_third").say(f"加入企业 {code}")  # single use

    late = boss.say("邀请同事").split("邀请码：")[1][:6]
    clock.travel(timedelta(hours=25))
    assert "无效或已过期" in persona(client, "o_late").say(f"加入企业{late}")
