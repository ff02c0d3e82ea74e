"""One pair's score as named parts plus the facts behind them, so the explanation is the score."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from matching.geo import haversine_km
from matching.models import Certificate, Vacancy, WorkerProfile, family_of
from matching.weights import DEFAULT_WEIGHTS, Weights

Fit = Literal["exact", "family"]
PayFit = Literal["meets", "reaches", "stated", "below", "unknown"]

PART_NAMES = (
    "occupation",
    "certificate",
    "training",
    "distance",
    "pay",
    "availability",
    "worker_recency",
    "vacancy_recency",
    "priority",
)


@dataclass(frozen=True, slots=True)
class MatchFacts:
    """The raw facts each part was computed from; explanations read only these."""

    occupation_code: str
    occupation_name: str
    occupation_fit: Fit | None
    certificate: Certificate | None
    certificate_fit: Fit | None
    training_fit: Fit | None
    distance_km: float
    max_distance_km: float
    city: str
    county: str
    pay_fit: PayFit
    worker_min_pay: int | None
    salary_min: float | None
    salary_max: float | None
    salary_period: str | None
    monthly_min: float | None
    monthly_max: float | None
    available: bool
    worker_idle_days: int | None
    vacancy_age_days: int | None
    priority_group: str | None


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    worker_id: int
    vacancy_id: int
    score: float
    occupation: float
    certificate: float
    training: float
    distance: float
    pay: float
    availability: float
    worker_recency: float
    vacancy_recency: float
    priority: float
    facts: MatchFacts

    def parts(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in PART_NAMES}


def occupation_points(
    codes: Collection[str], families: Collection[str], code: str, family: str, weights: Weights
) -> tuple[float, Fit | None]:
    if code in codes:
        return weights.occupation_exact, "exact"
    if family in families:
        return weights.occupation_family, "family"
    return 0.0, None


def training_points(
    courses: Iterable[str], code: str, family: str, weights: Weights
) -> tuple[float, Fit | None]:
    fit: Fit | None = None
    for course in courses:
        if course == code:
            return weights.training_exact, "exact"
        if family_of(course) == family:
            fit = "family"
    return (weights.training_family, fit) if fit else (0.0, None)


def certificate_points(
    certificates: Iterable[Certificate], code: str, family: str, weights: Weights
) -> tuple[float, Certificate | None, Fit | None]:
    """The best certificate for this occupation; the first one wins a tie, so the choice is stable."""
    best, best_cert, best_fit = 0.0, None, None
    for cert in certificates:
        fit: Fit
        if cert.occupation_code == code:
            points, fit = weights.certificate_exact * weights.level_factor(cert.level), "exact"
        elif family_of(cert.occupation_code) == family:
            points, fit = weights.certificate_family * weights.level_factor(cert.level), "family"
        else:
            continue
        if points > best:
            best, best_cert, best_fit = points, cert, fit
    return best, best_cert, best_fit


def has_exact_certificate(certificates: Iterable[Certificate], code: str) -> bool:
    return any(cert.occupation_code == code for cert in certificates)


def pay_points(
    min_pay: float | None, monthly_min: float | None, monthly_max: float | None, weights: Weights
) -> tuple[float, PayFit]:
    if monthly_min is None or monthly_max is None:
        return 0.0, "unknown"
    if min_pay is None:
        return weights.pay_partly, "stated"
    if monthly_min >= min_pay:
        return weights.pay_meets, "meets"
    if monthly_max >= min_pay:
        return weights.pay_partly, "reaches"
    return 0.0, "below"


def days_since(when: date | None, as_of: date) -> int | None:
    if when is None:
        return None
    if isinstance(when, datetime):
        when = when.date()
    return max(0, (as_of - when).days)


def recency_points(days: int | None, full: float, window: int) -> float:
    if days is None:
        return 0.0
    return full * max(0.0, 1.0 - days / window)


def max_distance_of(worker: WorkerProfile, weights: Weights) -> float:
    return float(
        worker.max_distance_km if worker.max_distance_km is not None else weights.default_max_distance_km
    )


def worker_constant_parts(worker: WorkerProfile, as_of: date, weights: Weights) -> tuple[float, float, float]:
    """Availability, recency and priority: the parts that do not depend on the vacancy."""
    return (
        weights.availability if worker.available else 0.0,
        recency_points(
            days_since(worker.last_active, as_of), weights.worker_recency, weights.worker_recency_days
        ),
        weights.priority_group if worker.priority_group in weights.priority_groups else 0.0,
    )


def vacancy_recency_part(vacancy: Vacancy, as_of: date, weights: Weights) -> float:
    days = days_since(vacancy.posted_at, as_of)
    return recency_points(days, weights.vacancy_recency, weights.vacancy_recency_days)


def score_pair(
    worker: WorkerProfile, vacancy: Vacancy, *, as_of: date, weights: Weights = DEFAULT_WEIGHTS
) -> ScoreBreakdown | None:
    """Score one pair, or None when the pair must never be proposed.

    The index computes the same sums in the same order with numpy; keep the two in step.
    """
    if worker.opted_out or not vacancy.open or vacancy.family not in worker.skill_families:
        return None
    code, family = vacancy.occupation_code, vacancy.family
    if vacancy.requires_certificate and not has_exact_certificate(worker.certificates, code):
        return None
    distance_km = haversine_km(worker.lat, worker.lon, vacancy.lat, vacancy.lon)
    max_km = max_distance_of(worker, weights)
    if distance_km > max_km:
        return None
    occupation, occupation_fit = occupation_points(
        worker.occupation_codes, worker.families, code, family, weights
    )
    certificate, cert, cert_fit = certificate_points(worker.certificates, code, family, weights)
    training, training_fit = training_points(worker.training_completed, code, family, weights)
    distance = weights.distance * (1.0 - distance_km / max_km)
    pay, pay_fit = pay_points(worker.min_monthly_pay, vacancy.monthly_min, vacancy.monthly_max, weights)
    availability, worker_recency, priority = worker_constant_parts(worker, as_of, weights)
    vacancy_recency = vacancy_recency_part(vacancy, as_of, weights)
    parts = (
        occupation,
        certificate,
        training,
        distance,
        pay,
        availability,
        worker_recency,
        vacancy_recency,
        priority,
    )
    facts = MatchFacts(
        occupation_code=code,
        occupation_name=vacancy.occupation_name,
        occupation_fit=occupation_fit,
        certificate=cert,
        certificate_fit=cert_fit,
        training_fit=training_fit,
        distance_km=distance_km,
        max_distance_km=max_km,
        city=vacancy.city,
        county=vacancy.county,
        pay_fit=pay_fit,
        worker_min_pay=worker.min_monthly_pay,
        salary_min=vacancy.salary_min,
        salary_max=vacancy.salary_max,
        salary_period=vacancy.salary_period,
        monthly_min=vacancy.monthly_min,
        monthly_max=vacancy.monthly_max,
        available=worker.available,
        worker_idle_days=days_since(worker.last_active, as_of),
        vacancy_age_days=days_since(vacancy.posted_at, as_of),
        priority_group=worker.priority_group if priority else None,
    )
    return ScoreBreakdown(worker.worker_id, vacancy.vacancy_id, sum(parts), *parts, facts=facts)
