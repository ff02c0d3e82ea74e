"""An employer on a phone: answers that carry more than was asked, short entry words, batched notices."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from bot import clock
from bot.jobs_employment import expire_vacancies
from tests.employment_support import (
    CODE_A,
    STAFF,
    approve,
    ctx_of,
    employer_id,
    outbox_texts,
    persona,
    register_employer,
)


def _approved_boss(client: TestClient, openid: str = "o_boss") -> object:
    boss = persona(client, openid)
    register_employer(boss)
    approve(client, CODE_A)
    return boss


def test_an_answer_with_more_than_was_asked_fills_every_field_it_gives(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    boss.dialog([("招厨师", "招几个人"), ("3个", "哪个市、区县")])
    card = boss.say("历城 日结200")  # place and pay in one answer: nothing more to ask
    assert "地点：济南市历城区" in card and "薪资：日薪200元" in card and "回复1发布" in card


def test_a_whole_new_vacancy_while_asking_replaces_the_draft(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    boss.dialog([("招厨师", "招几个人")])
    asked = boss.say("诚聘月嫂 6-8k 市中区 5人 电话15866667777")  # 市中区: in 济南 and in 枣庄
    assert "哪个市" in asked
    card = boss.say("济南")
    assert "工种：家政服务员" in card and "人数：5名" in card and "地点：济南市市中区" in card
    assert "电话：15866667777" in card


def test_short_hiring_words_start_registration_and_codes_are_explained(client: TestClient) -> None:
    newcomer = persona(client, "o_new")
    assert "回复“同意”开始登记" in newcomer.say("招人")
    newcomer.say("取消")
    assert "6位邀请码" in newcomer.say("加入企业")
    assert "无效或已过期" in newcomer.say("加入企业 12")


def test_candidates_with_a_number_picks_that_vacancy(client: TestClient) -> None:
    boss = _approved_boss(client)
    boss.dialog(  # type: ignore[attr-defined]
        [
            ("招聘家政服务员3名，济南历下区，月薪5000-7000，电话13812345678", "回复1发布"),
            ("1", "已发布"),
            ("招聘焊工2名，济南历城区，月薪6000-8000，电话13812345678", "回复1发布"),
            ("1", "已发布"),
        ]
    )
    reply = boss.say("看候选人 2")  # type: ignore[attr-defined]
    assert "【家政服务员 3名｜济南市历下区｜月薪5000-7000元】" in reply


def test_one_reminder_per_company_lists_all_its_vacancies_ending_soon(client: TestClient) -> None:
    boss = _approved_boss(client)
    for job in ("家政服务员3名，济南历下区", "焊工2名，济南历城区", "保洁员若干，济南槐荫区"):
        boss.dialog([(f"招聘{job}，月薪5000-7000，电话13812345678", "回复1发布"), ("1", "已发布")])  # type: ignore[attr-defined]
        clock.travel(timedelta(hours=12))  # posted on different days: the batch still holds them
    clock.travel(timedelta(days=27))
    expire_vacancies(ctx_of(client))
    expire_vacancies(ctx_of(client))
    [reminder] = [t for t in outbox_texts(client, "o_boss") if "快到期了" in t]
    assert "家政服务员" in reminder and "焊工" in reminder and "保洁员" in reminder
    clock.travel(timedelta(days=4))
    expire_vacancies(ctx_of(client))
    [expired] = [t for t in outbox_texts(client, "o_boss") if "已自动下架" in t]
    assert "家政服务员" in expired and "焊工" in expired and "保洁员" in expired


def test_vacancies_saved_while_pending_run_30_days_from_approval(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    boss.dialog(
        [("招聘家政服务员3名，济南历下区，月薪5000-7000，电话13812345678", "回复1发布"), ("1", "已保存")]
    )
    clock.travel(timedelta(days=20))
    approve(client, CODE_A)
    [row] = client.get("/api/vacancies", headers=STAFF).json()
    left = datetime.fromisoformat(row["expires_at"]) - clock.now()
    assert timedelta(days=29) < left <= timedelta(days=30)


def test_a_rejected_employer_is_told(client: TestClient) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    response = client.post(f"/api/employers/{employer_id(client, CODE_A)}/reject", headers=STAFF)
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert any("没有通过审核" in t for t in outbox_texts(client, "o_boss"))


def test_a_worker_saying_what_they_want_gets_the_list_without_questions(client: TestClient) -> None:
    boss = _approved_boss(client)
    boss.dialog(  # type: ignore[attr-defined]
        [("急招电焊工两人 黄岛 8千-1万2 五险一金 0532-86881234", "回复1发布"), ("1", "已发布")]
    )
    seeker = persona(client, "o_seeker")
    assert "回复“同意”开始登记" in seeker.say("我要招人")  # a wrong turn …
    listed = seeker.say("我想在黄岛找个电焊工的活，工资6000以上")  # … and a new request, not a wrong answer
    assert "1. 焊工 2名｜青岛市黄岛区｜月薪8000-12000元" in listed
    assert "高于您期望的6000元" in listed
    assert "马上上岗" not in listed  # nobody was asked that


def test_other_requests_mid_draft_are_not_taken_for_wrong_answers(client: TestClient) -> None:
    boss = _approved_boss(client)
    boss.dialog(  # type: ignore[attr-defined]
        [("招聘家政服务员3名，济南历下区，月薪5000-7000，电话13812345678", "回复1发布"), ("1", "已发布")]
    )
    assert "请把招聘信息直接发给我" in boss.say("招人")  # type: ignore[attr-defined]
    assert "推荐人选" in boss.say("看候选人")  # type: ignore[attr-defined]
    boss.dialog([("招厨师", "招几个人")])  # type: ignore[attr-defined]
    assert "在招的岗位" in boss.say("我的岗位")  # type: ignore[attr-defined]
