"""Every number that shapes a match score, kept in one frozen place so a change is one reviewed diff."""

from __future__ import annotations

from dataclasses import dataclass, field

# 鲁就办〔2021〕22号 names 脱贫人口、搬迁群众、农村留守妇女 for 民生保障型 brands; the rest are the groups
# employment services in Shandong routinely treat the same way.
PRIORITY_GROUPS = frozenset(
    {"脱贫人口", "防止返贫监测对象", "搬迁群众", "农村留守妇女", "退役军人", "残疾人", "就业困难人员"}
)

CERTIFICATE_LEVEL_FACTORS: tuple[tuple[str, float], ...] = (
    ("职业资格", 1.0),
    ("职业技能等级", 1.0),
    ("专项职业能力", 0.7),  # a single skill module, narrower than a full occupation certificate
)


@dataclass(frozen=True, slots=True)
class Weights:
    """Points for each part of a score; a perfect pair scores 100 with the defaults.

    - occupation: the worker listed the vacancy's exact occupation code, or one in the same 小类.
    - certificate: best certificate, exact code or same 小类, times the level factor.
    - training: a completed course for the exact code or the same 小类.
    - distance: falls linearly from full at 0 km to nothing at the worker's maximum distance.
    - pay: full when the lowest monthly-equivalent pay reaches the worker's minimum, ``pay_partly``
      when only the top of the range does, or when the worker named no minimum but the pay is stated.
    - availability: the worker says they can start now.
    - worker_recency / vacancy_recency: fall linearly to nothing over the given number of days.
    - priority_group: the worker belongs to a group the programme prioritises.
    """

    occupation_exact: float = 30.0
    occupation_family: float = 15.0
    certificate_exact: float = 15.0
    certificate_family: float = 6.0
    training_exact: float = 10.0
    training_family: float = 5.0
    distance: float = 12.0
    pay_meets: float = 10.0
    pay_partly: float = 5.0
    availability: float = 5.0
    worker_recency: float = 5.0
    worker_recency_days: int = 180
    vacancy_recency: float = 5.0
    vacancy_recency_days: int = 60
    priority_group: float = 8.0
    default_max_distance_km: float = 100.0
    priority_groups: frozenset[str] = field(default=PRIORITY_GROUPS)
    certificate_level_factors: tuple[tuple[str, float], ...] = CERTIFICATE_LEVEL_FACTORS

    def __post_init__(self) -> None:
        if self.default_max_distance_km <= 0:
            raise ValueError("default_max_distance_km must be positive")
        if self.worker_recency_days <= 0 or self.vacancy_recency_days <= 0:
            raise ValueError("recency windows must be positive")
        points = [getattr(self, name) for name in self.__slots__ if isinstance(getattr(self, name), float)]
        if any(p < 0 for p in points):
            raise ValueError("weights must not be negative; a reason is only given for a positive part")

    def level_factor(self, level: str) -> float:
        return dict(self.certificate_level_factors).get(level, 0.0)


DEFAULT_WEIGHTS = Weights()
