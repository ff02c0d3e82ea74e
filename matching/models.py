"""The values the matching engine takes: workers, their certificates, and vacancies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

CertificateLevel = Literal["专项职业能力", "职业技能等级", "职业资格"]
SalaryPeriod = Literal["month", "day", "year", "hour"]

# National convention for converting day and hour rates (21.75 paid days a month, 8-hour days).
WORKING_DAYS_PER_MONTH = 21.75
HOURS_PER_DAY = 8


def family_of(code: str) -> str:
    """The 小类 an occupation belongs to: "4-10-01-05" -> "4-10-01"; shorter codes are their own family."""
    parts = code.split("-")
    return "-".join(parts[:3]) if len(parts) >= 4 else code


def monthly_equivalent(amount: float, period: SalaryPeriod | None) -> float:
    """A pay amount as a monthly figure, so day, hour and year rates compare with a monthly minimum."""
    if period is None or period == "month":
        return float(amount)
    if period == "day":
        return amount * WORKING_DAYS_PER_MONTH
    if period == "hour":
        return amount * HOURS_PER_DAY * WORKING_DAYS_PER_MONTH
    if period == "year":
        return amount / 12
    raise ValueError(f"unknown salary period {period!r}")


def _check_coordinates(lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate:
    occupation_code: str
    level: CertificateLevel
    title: str = ""
    grade: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkerProfile:
    worker_id: int
    lat: float
    lon: float
    occupation_codes: tuple[str, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    training_completed: tuple[str, ...] = ()
    max_distance_km: float | None = None
    min_monthly_pay: int | None = None
    available: bool = True
    last_active: date | None = None  # a datetime is accepted too
    priority_group: str | None = None
    opted_out: bool = False
    families: frozenset[str] = field(init=False)
    skill_families: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        _check_coordinates(self.lat, self.lon)
        if self.max_distance_km is not None and self.max_distance_km <= 0:
            raise ValueError("max_distance_km must be positive")
        families = frozenset(family_of(code) for code in self.occupation_codes)
        # Certificates and courses also make a vacancy worth proposing, even for an unlisted occupation.
        other = {family_of(c.occupation_code) for c in self.certificates}
        other.update(family_of(code) for code in self.training_completed)
        object.__setattr__(self, "families", families)
        object.__setattr__(self, "skill_families", families | other)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vacancy:
    vacancy_id: int
    employer_id: int
    occupation_code: str
    lat: float
    lon: float
    headcount: int | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_period: SalaryPeriod | None = None
    requires_certificate: bool = False
    posted_at: date | None = None  # a datetime is accepted too
    open: bool = True
    occupation_name: str = ""
    city: str = ""
    county: str = ""
    family: str = field(init=False)
    monthly_min: float | None = field(init=False)
    monthly_max: float | None = field(init=False)

    def __post_init__(self) -> None:
        _check_coordinates(self.lat, self.lon)
        if self.headcount is not None and self.headcount < 0:
            raise ValueError("headcount must not be negative")
        low, high = self.salary_min, self.salary_max
        if (low is not None and low < 0) or (high is not None and high < 0):
            raise ValueError("salary must not be negative")
        if low is not None and high is not None and low > high:
            raise ValueError("salary_min is above salary_max")
        low = low if low is not None else high
        high = high if high is not None else low
        object.__setattr__(self, "family", family_of(self.occupation_code))
        object.__setattr__(
            self, "monthly_min", None if low is None else monthly_equivalent(low, self.salary_period)
        )
        object.__setattr__(
            self, "monthly_max", None if high is None else monthly_equivalent(high, self.salary_period)
        )
