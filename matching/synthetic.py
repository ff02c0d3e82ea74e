"""Seeded synthetic workers and vacancies across Shandong, for tests and the benchmark."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matching.models import Certificate, CertificateLevel, SalaryPeriod, Vacancy, WorkerProfile, family_of
from matching.weights import PRIORITY_GROUPS

LAT_RANGE = (34.4, 38.3)
LON_RANGE = (114.8, 122.7)
LEVELS: tuple[CertificateLevel, ...] = ("专项职业能力", "职业技能等级", "职业资格")


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    county: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    name: str


def made_up_places(count: int = 136, seed: int = 0) -> list[Place]:
    rng = random.Random(seed)
    return [
        Place(f"第{n // 9 + 1}市", f"第{n + 1}县", rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE))
        for n in range(count)
    ]


def made_up_occupations(families: int = 40, per_family: int = 5) -> list[Occupation]:
    return [
        Occupation(f"{4 + f % 3}-{10 + f // 10:02d}-{f % 10 + 1:02d}-{c + 1:02d}", f"工种{f + 1}-{c + 1}")
        for f in range(families)
        for c in range(per_family)
    ]


class _Zipf:
    """Popular occupations are far more common than rare ones, as in real registrations."""

    def __init__(self, rng: random.Random, items: Sequence[Occupation]) -> None:
        self.rng, self.items = rng, list(items)
        self.weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.items))]
        self.names = {item.code: item.name for item in self.items}
        self.by_family: dict[str, list[Occupation]] = {}
        for item in self.items:
            self.by_family.setdefault(family_of(item.code), []).append(item)

    def pick(self) -> Occupation:
        return self.rng.choices(self.items, self.weights)[0]

    def sibling(self, code: str) -> Occupation:
        return self.rng.choice(self.by_family[family_of(code)])


def _spot(rng: random.Random, place: Place) -> tuple[float, float]:
    if rng.random() < 0.5:  # many profiles carry only their county, i.e. its centroid
        return place.lat, place.lon
    return place.lat + rng.gauss(0, 0.08), place.lon + rng.gauss(0, 0.1)


def synthetic_workers(
    count: int,
    *,
    seed: int,
    as_of: date,
    places: Sequence[Place] | None = None,
    occupations: Sequence[Occupation] | None = None,
    first_id: int = 1,
) -> list[WorkerProfile]:
    rng = random.Random(seed)
    places = places or made_up_places()
    zipf = _Zipf(rng, occupations or made_up_occupations())
    groups = sorted(PRIORITY_GROUPS)
    workers = []
    for n in range(count):
        lat, lon = _spot(rng, rng.choice(places))
        codes = [zipf.pick().code]
        for _ in range(rng.choice((0, 0, 1, 2))):
            codes.append(zipf.sibling(codes[0]).code if rng.random() < 0.6 else zipf.pick().code)
        codes = list(dict.fromkeys(codes))
        certified = [
            rng.choice(codes) if rng.random() < 0.8 else zipf.pick().code
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))
        ]
        certificates = tuple(
            Certificate(
                occupation_code=code,
                title=zipf.names[code],
                level=rng.choice(LEVELS),
                grade=rng.choice((None, "四级/中级工", "五级/初级工")),
            )
            for code in certified
        )
        trained = tuple(
            {
                rng.choice(codes) if rng.random() < 0.7 else zipf.sibling(codes[0]).code
                for _ in range(rng.choice((0, 0, 1, 1, 2)))
            }
        )
        workers.append(
            WorkerProfile(
                worker_id=first_id + n,
                lat=lat,
                lon=lon,
                occupation_codes=tuple(codes),
                certificates=certificates,
                training_completed=tuple(sorted(trained)),
                max_distance_km=rng.choices((None, 20.0, 30.0, 50.0, 150.0, 300.0), (50, 10, 15, 15, 7, 3))[
                    0
                ],
                min_monthly_pay=rng.choice((None, None, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000)),
                available=rng.random() < 0.85,
                last_active=as_of - timedelta(days=rng.randrange(365)) if rng.random() < 0.95 else None,
                priority_group=rng.choice(groups) if rng.random() < 0.2 else None,
                opted_out=rng.random() < 0.02,
            )
        )
    return workers


def _salary(rng: random.Random) -> tuple[float | None, float | None, SalaryPeriod | None]:
    period: SalaryPeriod | None = rng.choices(("month", "day", "hour", "year", None), (70, 15, 8, 5, 2))[0]
    if period is None:
        return None, None, None  # 面议
    low = {
        "month": rng.randrange(3000, 9001, 500),
        "day": rng.randrange(150, 351, 10),
        "hour": rng.randrange(18, 36),
        "year": rng.randrange(50_000, 120_001, 5000),
    }[period]
    high = low * rng.choice((1.0, 1.2, 1.5))
    return float(low), round(high), period


def synthetic_vacancies(
    count: int,
    *,
    seed: int,
    as_of: date,
    places: Sequence[Place] | None = None,
    occupations: Sequence[Occupation] | None = None,
    first_id: int = 1,
) -> list[Vacancy]:
    rng = random.Random(seed + 7919)
    places = places or made_up_places()
    zipf = _Zipf(rng, occupations or made_up_occupations())
    vacancies = []
    for n in range(count):
        place = rng.choice(places)
        lat, lon = _spot(rng, place)
        occupation = zipf.pick()
        low, high, period = _salary(rng)
        vacancies.append(
            Vacancy(
                vacancy_id=first_id + n,
                employer_id=1 + rng.randrange(max(1, count // 4)),
                occupation_code=occupation.code,
                occupation_name=occupation.name,
                city=place.city,
                county=place.county,
                lat=lat,
                lon=lon,
                headcount=rng.choices((None, 1, 2, 3, 5, 10, 20, 50), (10, 35, 20, 12, 10, 7, 4, 2))[0],
                salary_min=low,
                salary_max=high,
                salary_period=period,
                requires_certificate=rng.random() < 0.2,
                posted_at=as_of - timedelta(days=rng.randrange(90)),
                open=rng.random() < 0.95,
            )
        )
    return vacancies
