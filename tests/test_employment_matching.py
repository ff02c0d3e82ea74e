"""找工作 → 感兴趣 → consent per employer → employer told; 看候选人; isolation; allocation; 不再推荐."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.jobs_employment import push_matches
from tests.employment_support import (
    CODE_A,
    CODE_B,
    STAFF,
    approve,
    ctx_of,
    outbox_texts,
    persona,
    register_employer,
    trained_worker,
)
from tests.support import Persona

JOB_A = "招聘家政服务员2名，济南历下区，月薪5000-7000，包吃住，电话13812345678"
JOB_B = "招聘家政服务员1名，济南市中区，月薪6000-8000，电话13611112222"


def _employers(client: TestClient, *, approve_b: bool = True) -> tuple[Persona, Persona]:
    boss_a, boss_b = persona(client, "o_boss_a"), persona(client, "o_boss_b")
    register_employer(boss_a)
    register_employer(boss_b, company="济南好帮手家政有限公司", code=CODE_B, place="济南市中区")
    approve(client, CODE_A)
    if approve_b:
        approve(client, CODE_B)
    boss_a.dialog([(JOB_A, "回复1发布"), ("1", "：家政服务员")])
    boss_b.dialog([(JOB_B, "回复1发布"), ("1", "：家政服务员")])
    return boss_a, boss_b


def _seek(seeker: Persona) -> str:
    seeker.dialog([("找工作", "想找什么工作"), ("月嫂", "在哪里工作"), ("济南历下", "最低能接受")])
    return seeker.say("5000")


def test_pending_employers_vacancies_are_not_shown_until_approval(client: TestClient) -> None:
    _employers(client, approve_b=False)
    seeker = persona(client, "o_seeker")
    listed = _seek(seeker)
    assert "济南安心家政服务有限公司" in listed and "济南好帮手家政有限公司" not in listed
    approve(client, CODE_B)
    again = seeker.say("找工作")  # nothing left to ask: the list straight away
    assert "济南好帮手家政有限公司" in again and "济南安心家政服务有限公司" in again


def test_find_job_asks_only_what_is_missing_and_gives_reasons(client: TestClient) -> None:
    _employers(client)
    listed = _seek(persona(client, "o_seeker"))
    assert "1. 家政服务员 2名｜济南市历下区｜月薪5000-7000元" in listed  # nearest and meets the minimum first
    assert "推荐理由：岗位工种“家政服务员”与您登记的工种一致" in listed
    assert "距您" in listed and "感兴趣 1" in listed
    with ctx_of(client).db.session() as session:
        with_worker = trained_worker(
            session,
            openid="o_trained",
            name="李秀英",
            phone="13522223333",
            occupation="家政服务员",
            code="4-10-01-06",
        )
        assert with_worker.id is not None
    trained = persona(client, "o_trained")
    reply = trained.say("找工作")  # job and place come from training: only the pay is asked
    assert "最低能接受" in reply and "想找什么工作" not in reply
    assert "您已取得家政服务员证书" in trained.say("不限")


def test_contact_reaches_only_the_employer_the_worker_consented_to(client: TestClient) -> None:
    _employers(client)
    seeker = persona(client, "o_seeker")
    _seek(seeker)
    assert "济南安心家政服务有限公司" in seeker.say("感兴趣 1")
    assert not any("13700001234" in text for text in outbox_texts(client, "o_boss_a"))
    seeker.dialog(
        [("同意", "您的姓名"), ("张三丰", "手机号"), ("12345", "11位"), ("13700001234", "已把您的姓名和电话")]
    )
    told = [text for text in outbox_texts(client, "o_boss_a") if "13700001234" in text]
    assert len(told) == 1 and "张三丰" in told[0] and "家政服务员 2名" in told[0]
    assert not any("13700001234" in text for text in outbox_texts(client, "o_boss_b"))
    assert "之前已把联系方式" in seeker.say("感兴趣 1")

    # Employer B asks; the worker declines: B never gets the phone, in a message or a shortlist.
    assert "济南好帮手家政有限公司" in seeker.say("感兴趣 2")
    assert "没有把您的信息告诉企业" in seeker.say("不同意")
    assert not any("13700001234" in text for text in outbox_texts(client, "o_boss_b"))


def test_candidates_are_masked_and_each_employer_sees_only_its_own(client: TestClient) -> None:
    boss_a, boss_b = _employers(client)
    with ctx_of(client).db.session() as session:
        trained_worker(
            session,
            openid="o_trained",
            name="李秀英",
            phone="13522223333",
            occupation="家政服务员",
            code="4-10-01-06",
        )
    seeker = persona(client, "o_seeker")
    _seek(seeker)
    seeker.dialog([("感兴趣 1", "是否同意"), ("同意", "姓名"), ("张三丰", "手机号"), ("13700001234", "已把")])

    seen_by_a = boss_a.say("看候选人")
    assert "【家政服务员 2名｜济南市历下区｜月薪5000-7000元】" in seen_by_a
    assert "张三丰 13700001234（本人已同意提供联系方式）" in seen_by_a
    assert "李*英" in seen_by_a and "13522223333" not in seen_by_a and "李秀英" not in seen_by_a
    assert "持有家政服务员证书" in seen_by_a

    seen_by_b = boss_b.say("看候选人")
    assert "济南市市中区" in seen_by_b and "济南市历下区" not in seen_by_b
    assert "13700001234" not in seen_by_b and "张三丰" not in seen_by_b and "13522223333" not in seen_by_b
    # B closing "its first vacancy" never touches A's.
    assert "已关闭：家政服务员 1名" in boss_b.say("招满了 1")
    assert "家政服务员 2名" in boss_a.say("我的岗位")
    assert "没有在招的岗位" in boss_b.say("看候选人")


def test_batch_allocation_never_exceeds_headcounts(client: TestClient) -> None:
    _employers(client)
    with ctx_of(client).db.session() as session:
        for n in range(6):
            trained_worker(
                session,
                openid=f"o_w{n}",
                name=f"工人{n}号",
                phone=f"1370000000{n}",
                occupation="家政服务员",
                code="4-10-01-06",
            )
    body = client.post("/api/matching/allocate", headers=STAFF).json()
    vacancies = {v["id"]: v["headcount"] for v in client.get("/api/vacancies", headers=STAFF).json()}
    per_vacancy: dict[int, int] = {}
    for a in body["assignments"]:
        per_vacancy[a["vacancy_id"]] = per_vacancy.get(a["vacancy_id"], 0) + 1
    assert per_vacancy == vacancies  # 2 + 1 places, all filled from 6 workers, none over
    assert len({a["worker_id"] for a in body["assignments"]}) == body["filled_places"] == 3


def test_completion_push_happens_once_and_stop_recommending_is_respected(client: TestClient) -> None:
    _employers(client)
    with ctx_of(client).db.session() as session:
        trained_worker(
            session,
            openid="o_trained",
            name="李秀英",
            phone="13522223333",
            occupation="家政服务员",
            code="4-10-01-06",
        )
        trained_worker(
            session,
            openid="o_quiet",
            name="赵敏",
            phone="13533334444",
            occupation="家政服务员",
            code="4-10-01-06",
        )
    assert "不再为您推荐" in persona(client, "o_quiet").say("不再推荐")
    push_matches(ctx_of(client))
    push_matches(ctx_of(client))
    pushed = [t for t in outbox_texts(client, "o_trained") if "恭喜完成培训" in t]
    assert len(pushed) == 1 and "济南安心家政服务有限公司" in pushed[0]
    assert not outbox_texts(client, "o_quiet")
    trained = persona(client, "o_trained")
    assert "是否同意" in trained.say("感兴趣 1")  # the pushed list is what the number refers to
    assert "赵*" not in persona(client, "o_boss_a").say("看候选人")
    assert "已恢复" in persona(client, "o_quiet").say("找工作")
