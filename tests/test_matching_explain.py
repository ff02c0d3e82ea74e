"""Reasons a worker or an employer reads are the positive parts of the score, in plain Chinese."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from matching import (
    MatchIndex,
    Vacancy,
    WorkerProfile,
    explain,
    explain_for_employer,
    reasons_for_employer,
    reasons_for_worker,
    score_pair,
    top_vacancies_for_worker,
)
from matching.models import Certificate
from matching.synthetic import synthetic_vacancies, synthetic_workers

AS_OF = date(2025, 6, 1)
LIXIA = (36.666465, 117.076441)


def _pair() -> tuple[WorkerProfile, Vacancy]:
    worker = WorkerProfile(
        worker_id=7,
        lat=LIXIA[0] + 0.108,  # ~12 km north of 历下区
        lon=LIXIA[1],
        occupation_codes=("4-10-01-02",),
        certificates=(
            Certificate(
                occupation_code="4-10-01-02", level="职业技能等级", title="育婴员", grade="四级/中级工"
            ),
        ),
        min_monthly_pay=5000,
        priority_group="农村留守妇女",
        last_active=AS_OF - timedelta(days=3),
    )
    vacancy = Vacancy(
        vacancy_id=3,
        employer_id=9,
        occupation_code="4-10-01-02",
        occupation_name="育婴员",
        city="济南市",
        county="历下区",
        lat=LIXIA[0],
        lon=LIXIA[1],
        salary_min=6000,
        salary_max=8000,
        salary_period="month",
        posted_at=AS_OF,
    )
    return worker, vacancy


def test_worker_reads_plain_reasons() -> None:
    worker, vacancy = _pair()
    b = score_pair(worker, vacancy, as_of=AS_OF)
    assert b is not None
    assert explain(b) == [
        "岗位工种“育婴员”与您登记的工种一致",
        "您已取得育婴员证书（职业技能等级·四级/中级工）",
        "岗位在济南市历下区，距您约12公里",
        "月薪6000-8000元，高于您期望的5000元",
        "您属于重点帮扶人员，优先为您推荐",
        "您已表示可以马上上岗",
        "岗位今天刚发布",
    ]


def test_employer_reads_reasons_without_the_personal_group() -> None:
    worker, vacancy = _pair()
    b = score_pair(worker, vacancy, as_of=AS_OF)
    assert b is not None
    lines = explain_for_employer(b)
    assert lines == [
        "登记工种与岗位一致",
        "持有育婴员证书（职业技能等级·四级/中级工）",
        "距岗位约12公里",
        "期望月薪5000元，岗位薪资可以满足",
        "属于重点帮扶人员，优先推荐",
        "目前可以上岗",
        "3天前活跃过",
    ]
    assert not any("留守" in line for line in lines)


def test_day_rates_are_shown_with_their_monthly_equivalent() -> None:
    worker, vacancy = _pair()
    daily = replace(vacancy, salary_min=200, salary_max=300, salary_period="day")
    b = score_pair(worker, daily, as_of=AS_OF)
    assert b is not None
    assert "日薪200-300元（约合月薪4350-6525元），最高可达您期望的5000元" in explain(b)
    yearly = replace(vacancy, salary_min=96_000, salary_max=96_000, salary_period="year")
    b = score_pair(worker, yearly, as_of=AS_OF)
    assert b is not None
    assert "年薪96000元（约合月薪8000元），高于您期望的5000元" in explain(b)


def test_zero_parts_give_no_reason() -> None:
    worker, vacancy = _pair()
    b = score_pair(
        replace(worker, available=False, priority_group=None, min_monthly_pay=9000), vacancy, as_of=AS_OF
    )
    assert b is not None
    parts = {reason.part for reason in reasons_for_worker(b)}
    assert {"availability", "priority", "pay"}.isdisjoint(parts)


def test_every_reason_is_a_positive_part_on_random_matches() -> None:
    ws = synthetic_workers(800, seed=21, as_of=AS_OF)
    vs = synthetic_vacancies(150, seed=21, as_of=AS_OF)
    index = MatchIndex.build(ws, vs, as_of=AS_OF)
    seen = 0
    for w in ws[:300]:
        for b in top_vacancies_for_worker(index, w):
            seen += 1
            parts = b.parts()
            assert sum(parts.values()) == b.score
            for reasons, silent in (
                (reasons_for_worker(b), {"worker_recency"}),
                (reasons_for_employer(b), {"vacancy_recency"}),
            ):
                assert all(parts[r.part] == r.points > 0 for r in reasons)
                assert len({r.part for r in reasons}) == len(reasons)
                # Every positive part is explained, except the one this reader has no use for.
                assert {r.part for r in reasons} == {p for p, v in parts.items() if v > 0} - silent
                assert [r.points for r in reasons] == sorted((r.points for r in reasons), reverse=True)
                assert all(r.text for r in reasons)
    assert seen > 200
