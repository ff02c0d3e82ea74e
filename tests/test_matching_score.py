"""Score parts: pay conversion, fit levels, and parts that add up to the score."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from matching import (
    DEFAULT_WEIGHTS,
    PART_NAMES,
    Certificate,
    Vacancy,
    Weights,
    WorkerProfile,
    family_of,
    monthly_equivalent,
    score_pair,
)
from matching.synthetic import synthetic_vacancies, synthetic_workers

AS_OF = date(2025, 6, 1)
JINAN = (36.666465, 117.076441)


def _worker(**changes) -> WorkerProfile:
    base = WorkerProfile(worker_id=1, lat=JINAN[0], lon=JINAN[1], occupation_codes=("4-10-01-05",))
    return replace(base, **changes)


def _vacancy(**changes) -> Vacancy:
    base = Vacancy(vacancy_id=1, employer_id=1, occupation_code="4-10-01-05", lat=JINAN[0], lon=JINAN[1])
    return replace(base, **changes)


def test_family_is_the_first_three_segments() -> None:
    assert family_of("4-10-01-05") == "4-10-01"
    assert family_of("6-18-01") == "6-18-01"
    assert _worker(occupation_codes=("4-10-01-05", "6-29-01-01")).families == {"4-10-01", "6-29-01"}


def test_pay_conversion_to_monthly() -> None:
    assert monthly_equivalent(200, "day") == 4350.0
    assert monthly_equivalent(20, "hour") == 3480.0
    assert monthly_equivalent(96_000, "year") == 8000.0
    assert monthly_equivalent(6000, "month") == 6000.0
    assert monthly_equivalent(6000, None) == 6000.0


def test_vacancy_pay_range_is_converted_and_completed() -> None:
    daily = _vacancy(salary_min=200, salary_max=300, salary_period="day")
    assert (daily.monthly_min, daily.monthly_max) == (4350.0, 6525.0)
    only_top = _vacancy(salary_max=120_000, salary_period="year")
    assert (only_top.monthly_min, only_top.monthly_max) == (10_000.0, 10_000.0)
    with pytest.raises(ValueError):
        _vacancy(salary_min=9000, salary_max=6000)


@pytest.mark.parametrize(
    ("minimum", "low", "high", "period", "points", "fit"),
    [
        (5000, 6000, 8000, "month", 10.0, "meets"),
        (5000, 200, 300, "day", 5.0, "reaches"),  # 4350-6525 a month
        (4000, 200, 300, "day", 10.0, "meets"),
        (8000, 200, 300, "day", 0.0, "below"),
        (None, 6000, 8000, "month", 5.0, "stated"),
        (5000, None, None, None, 0.0, "unknown"),
    ],
)
def test_pay_part(minimum, low, high, period, points, fit) -> None:
    b = score_pair(
        _worker(min_monthly_pay=minimum),
        _vacancy(salary_min=low, salary_max=high, salary_period=period),
        as_of=AS_OF,
    )
    assert b is not None
    assert (b.pay, b.facts.pay_fit) == (points, fit)


def test_exact_occupation_beats_same_family() -> None:
    exact = score_pair(_worker(), _vacancy(), as_of=AS_OF)
    sibling = score_pair(_worker(), _vacancy(occupation_code="4-10-01-06"), as_of=AS_OF)
    assert exact is not None and sibling is not None
    assert (exact.occupation, sibling.occupation) == (30.0, 15.0)
    assert exact.score > sibling.score


def test_certificate_and_training_parts() -> None:
    certificates = (
        Certificate(occupation_code="4-10-01-06", level="职业资格", title="家政服务员"),
        Certificate(occupation_code="4-10-01-05", level="专项职业能力", title="养老护理员"),
    )
    b = score_pair(
        _worker(certificates=certificates, training_completed=("4-10-01-05",)), _vacancy(), as_of=AS_OF
    )
    assert b is not None
    assert b.certificate == pytest.approx(15.0 * 0.7)  # exact but narrow beats a full one of the family
    assert b.facts.certificate == certificates[1]
    assert b.training == 10.0
    only_family = score_pair(_worker(training_completed=("4-10-01-06",)), _vacancy(), as_of=AS_OF)
    assert only_family is not None and only_family.training == 5.0


def test_certificate_alone_makes_a_candidate() -> None:
    cook_with_care_cert = _worker(
        occupation_codes=("4-03-02-01",),
        certificates=(Certificate(occupation_code="4-10-01-05", level="职业技能等级"),),
    )
    b = score_pair(cook_with_care_cert, _vacancy(), as_of=AS_OF)
    assert b is not None and b.occupation == 0.0 and b.certificate == 15.0


def test_distance_recency_priority_and_availability() -> None:
    worker = _worker(last_active=datetime(2025, 5, 2, 9, 30), priority_group="搬迁群众", available=False)
    vacancy = _vacancy(lat=JINAN[0] + 0.45, posted_at=AS_OF - timedelta(days=15))
    b = score_pair(worker, vacancy, as_of=AS_OF)
    assert b is not None
    assert b.facts.distance_km == pytest.approx(50.0, abs=0.2)
    assert b.distance == pytest.approx(DEFAULT_WEIGHTS.distance * (1 - b.facts.distance_km / 100))
    assert b.worker_recency == pytest.approx(5.0 * (1 - 30 / 180))
    assert b.vacancy_recency == pytest.approx(5.0 * (1 - 15 / 60))
    assert (b.priority, b.availability) == (8.0, 0.0)
    assert score_pair(replace(worker, priority_group="其他"), vacancy, as_of=AS_OF).priority == 0.0


def test_parts_add_up_to_the_score() -> None:
    ws = synthetic_workers(400, seed=3, as_of=AS_OF)
    vs = synthetic_vacancies(80, seed=3, as_of=AS_OF)
    seen = 0
    for w in ws:
        for v in vs:
            b = score_pair(w, v, as_of=AS_OF)
            if b is None:
                continue
            seen += 1
            assert list(b.parts()) == list(PART_NAMES)
            assert sum(b.parts().values()) == b.score
            assert all(points >= 0 for points in b.parts().values())
    assert seen > 200


def test_weights_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Weights(distance=-1.0)
    with pytest.raises(ValueError):
        Weights(default_max_distance_km=0)
    custom = Weights(distance=30.0)
    assert score_pair(_worker(), _vacancy(), as_of=AS_OF, weights=custom).distance == 30.0
