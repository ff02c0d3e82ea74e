"""Reasons in plain Chinese, one per positive part of a score, for the worker or the employer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matching.score import PART_NAMES, MatchFacts, ScoreBreakdown

_PERIOD_WORDS = {"month": "月薪", "day": "日薪", "hour": "时薪", "year": "年薪"}


@dataclass(frozen=True, slots=True)
class Reason:
    part: str
    points: float
    text: str


def _yuan(amount: float) -> str:
    if float(amount).is_integer() or amount >= 100:
        return f"{amount:.0f}"
    return f"{amount:.1f}".removesuffix(".0")


def _span(low: float, high: float) -> str:
    return f"{_yuan(low)}元" if round(low) == round(high) else f"{_yuan(low)}-{_yuan(high)}元"


def _salary(facts: MatchFacts) -> str:
    """Like 月薪6000-8000元, or 日薪200-300元（约合月薪4350-6525元） for other periods."""
    low = facts.salary_min if facts.salary_min is not None else facts.salary_max
    high = facts.salary_max if facts.salary_max is not None else facts.salary_min
    assert low is not None and high is not None and facts.monthly_min is not None
    assert facts.monthly_max is not None
    period = facts.salary_period or "month"
    text = _PERIOD_WORDS[period] + _span(low, high)
    if period != "month":
        text += f"（约合月薪{_span(round(facts.monthly_min), round(facts.monthly_max))}）"
    return text


def _distance(km: float) -> str:
    return "不到1公里" if km < 1 else f"约{km:.0f}公里"


def _occupation(facts: MatchFacts) -> str:
    return f"“{facts.occupation_name}”" if facts.occupation_name else ""


def _certificate_title(facts: MatchFacts) -> str:
    cert = facts.certificate
    assert cert is not None
    title = cert.title or (facts.occupation_name if facts.certificate_fit == "exact" else "")
    return f"{title}证书" if title else "职业证书"


def _certificate_level(facts: MatchFacts) -> str:
    cert = facts.certificate
    assert cert is not None
    return f"（{cert.level}{'·' + cert.grade if cert.grade else ''}）"


def _for_worker(part: str, facts: MatchFacts) -> str | None:
    if part == "occupation":
        same = "一致" if facts.occupation_fit == "exact" else "相近"
        return f"岗位工种{_occupation(facts)}与您登记的工种{same}"
    if part == "certificate":
        if facts.certificate_fit == "exact":
            return f"您已取得{_certificate_title(facts)}{_certificate_level(facts)}"
        return f"您持有相近工种的{_certificate_title(facts)}"
    if part == "training":
        if facts.training_fit == "exact":
            return f"您已完成{facts.occupation_name or '本工种'}培训"
        return "您参加过相近工种的培训"
    if part == "distance":
        place = facts.city + facts.county
        where = f"岗位在{place}，" if place else "岗位"
        return f"{where}距您{_distance(facts.distance_km)}"
    if part == "pay":
        minimum = facts.worker_min_pay
        if facts.pay_fit == "meets":
            assert minimum is not None and facts.monthly_min is not None
            word = "高于" if facts.monthly_min > minimum else "达到"
            return f"{_salary(facts)}，{word}您期望的{_yuan(minimum)}元"
        if facts.pay_fit == "reaches":
            assert minimum is not None
            return f"{_salary(facts)}，最高可达您期望的{_yuan(minimum)}元"
        return _salary(facts)
    if part == "availability":
        return "您已表示可以马上上岗"
    if part == "vacancy_recency":
        age = facts.vacancy_age_days
        return "岗位今天刚发布" if age == 0 else f"岗位{age}天前发布，仍在招"
    if part == "priority":
        return "您属于重点帮扶人员，优先为您推荐"
    return None  # worker_recency is about the worker's own activity, not a reason to take the job


def _for_employer(part: str, facts: MatchFacts) -> str | None:
    if part == "occupation":
        return "登记工种与岗位一致" if facts.occupation_fit == "exact" else "登记工种与岗位相近"
    if part == "certificate":
        if facts.certificate_fit == "exact":
            return f"持有{_certificate_title(facts)}{_certificate_level(facts)}"
        return f"持有相近工种的{_certificate_title(facts)}"
    if part == "training":
        return "已完成本工种培训" if facts.training_fit == "exact" else "参加过相近工种的培训"
    if part == "distance":
        return f"距岗位{_distance(facts.distance_km)}"
    if part == "pay":
        minimum = facts.worker_min_pay
        if facts.pay_fit == "meets":
            return f"期望月薪{_yuan(minimum or 0)}元，岗位薪资可以满足"
        if facts.pay_fit == "reaches":
            return f"期望月薪{_yuan(minimum or 0)}元，在岗位薪资范围内"
        return "对薪资没有硬性要求"
    if part == "availability":
        return "目前可以上岗"
    if part == "worker_recency":
        idle = facts.worker_idle_days
        return "今天活跃过" if idle == 0 else f"{idle}天前活跃过"
    if part == "priority":
        # The group itself (脱贫人口, 残疾人 …) is personal; the employer only learns it is a priority.
        return "属于重点帮扶人员，优先推荐"
    return None  # the vacancy's own age tells the employer nothing


def _reasons(breakdown: ScoreBreakdown, phrase: Callable[[str, MatchFacts], str | None]) -> list[Reason]:
    found = []
    for rank, part in enumerate(PART_NAMES):
        points = getattr(breakdown, part)
        text = phrase(part, breakdown.facts) if points > 0 else None
        if text:
            found.append((-points, rank, Reason(part, points, text)))
    return [reason for *_, reason in sorted(found)]


def reasons_for_worker(breakdown: ScoreBreakdown) -> list[Reason]:
    """Reasons for the worker, largest part first; every reason is a positive part of the score."""
    return _reasons(breakdown, _for_worker)


def reasons_for_employer(breakdown: ScoreBreakdown) -> list[Reason]:
    return _reasons(breakdown, _for_employer)


def explain(breakdown: ScoreBreakdown) -> list[str]:
    """Why this vacancy suits the worker, e.g. ["您已取得育婴员证书（职业技能等级）", "岗位在…"]."""
    return [reason.text for reason in reasons_for_worker(breakdown)]


def explain_for_employer(breakdown: ScoreBreakdown) -> list[str]:
    return [reason.text for reason in reasons_for_employer(breakdown)]
