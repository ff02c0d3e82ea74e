"""Posting vacancies in free text: missing fields, edits, 招满了, expiry with a reminder first."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from bot import clock
from bot.jobs_employment import expire_vacancies
from tests.employment_support import (
    CODE_A,
    STAFF,
    VACANCY_TEXT,
    approve,
    ctx_of,
    outbox_texts,
    persona,
    register_employer,
)


def _vacancies(client: TestClient) -> list[dict[str, object]]:
    body: list[dict[str, object]] = client.get("/api/vacancies", headers=STAFF).json()
    return body


def test_a_complete_message_gets_a_card_and_1_publishes(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    card = boss.say(VACANCY_TEXT)
    for fragment in (
        "工种：家政服务员",
        "人数：3名",
        "地点：济南市历下区",
        "薪资：月薪5000-7000元",
        "电话：13812345678",
        "福利：包吃住",
        "回复1发布",
    ):
        assert fragment in card
    assert "已发布" in boss.say("1")
    [row] = _vacancies(client)
    assert (
        row["occupation"],
        row["headcount"],
        row["county"],
        row["salary_min"],
        row["salary_max"],
        row["salary_period"],
        row["status"],
    ) == ("家政服务员", 3, "历下区", 5000, 7000, "month", "open")


def test_missing_fields_are_asked_one_at_a_time_and_edits_apply(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    boss.dialog(
        [
            ("招聘电焊工，青岛黄岛", "招几个人"),
            ("两个", "工资多少"),
            ("太多了", "没看明白"),
            ("日结300", "请核对"),
            ("修改 人数 5", "人数：5名"),
            ("修改 薪资 6000-8000", "月薪6000-8000元"),
            ("修改 地点 济南历城", "济南市历城区"),
            ("修改 工资 很多", "没看明白"),
            ("1", "企业审核通过后"),
        ]
    )
    [row] = _vacancies(client)
    assert (
        row["occupation"],
        row["headcount"],
        row["city"],
        row["county"],
        row["salary_min"],
        row["phone"],
    ) == ("焊工", 5, "济南市", "历城区", 6000, "13900001111")  # the contact by default


def test_a_posted_vacancy_is_edited_and_closed_with_zhaomanle(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    boss.dialog([(VACANCY_TEXT, "回复1发布"), ("1", "已发布")])
    boss.dialog([("招聘焊工2名，济南历城区，月薪6000-8000，电话13812345678", "回复1发布"), ("1", "已发布")])
    assert "1. 焊工 2名" in boss.say("我的岗位")
    boss.dialog([("修改 人数 4", "请回复序号"), ("2", "已修改：家政服务员 4名")])
    boss.dialog([("招满了", "请回复序号"), ("9", "1到2之间"), ("1", "已关闭：焊工 2名")])
    assert "已关闭：家政服务员 4名" in boss.say("招满了")  # only one left: no question
    assert sorted((r["occupation"], r["status"], r["headcount"]) for r in _vacancies(client)) == [
        ("家政服务员", "filled", 4),
        ("焊工", "filled", 2),
    ]
    assert "没有在招的岗位" in boss.say("招满了")


def test_not_an_employer_cannot_manage_vacancies(client: TestClient) -> None:
    stranger = persona(client, "o_stranger")
    assert "还没有登记企业" in stranger.say("招满了")
    assert "还没有登记企业" in stranger.say("看候选人")


def test_a_vacancy_sent_before_registering_is_kept_for_after(client: TestClient) -> None:
    boss = persona(client, "o_new_boss")
    boss.dialog(
        [
            (VACANCY_TEXT, "回复“同意”"),
            ("同意", "全称"),
            ("济南安心家政服务有限公司", "信用代码"),
            (CODE_A, "姓名"),
            ("王丽", "手机号"),
            ("13900001111", "区县"),
        ]
    )
    reply = boss.say("济南历下区")
    assert "登记成功" in reply and "工种：家政服务员" in reply
    assert "已保存" in boss.say("1")


def test_expiry_after_30_days_with_a_reminder_three_days_before(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    boss.dialog([(VACANCY_TEXT, "回复1发布"), ("1", "已发布")])
    ctx = ctx_of(client)
    clock.travel(timedelta(days=26))
    expire_vacancies(ctx)
    assert not [t for t in outbox_texts(client, "o_boss") if "到期" in t]
    clock.travel(timedelta(days=1, hours=1))
    expire_vacancies(ctx)
    expire_vacancies(ctx)  # safe to run twice
    reminders = [t for t in outbox_texts(client, "o_boss") if "快到期了" in t]
    assert len(reminders) == 1 and "回复“续期”" in reminders[0]
    assert _vacancies(client)[0]["status"] == "open"
    clock.travel(timedelta(days=3))
    expire_vacancies(ctx)
    expire_vacancies(ctx)
    expired = [t for t in outbox_texts(client, "o_boss") if "已自动下架" in t]
    assert len(expired) == 1
    assert _vacancies(client)[0]["status"] == "expired"


def test_renewal_after_the_reminder_keeps_the_vacancy_open(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    approve(client, CODE_A)
    boss.dialog([(VACANCY_TEXT, "回复1发布"), ("1", "已发布")])
    clock.travel(timedelta(days=28))
    expire_vacancies(ctx_of(client))
    assert "已续期" in boss.say("续期")
    clock.travel(timedelta(days=5))
    expire_vacancies(ctx_of(client))
    assert _vacancies(client)[0]["status"] == "open"
