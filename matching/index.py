"""Inverted index over 小类 and ~45 km grid cells, laid out as numpy arrays for top-k queries."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching.geo import cell_key
from matching.models import Vacancy, WorkerProfile, family_of
from matching.score import (
    certificate_points,
    has_exact_certificate,
    max_distance_of,
    occupation_points,
    training_points,
    vacancy_recency_part,
    worker_constant_parts,
)
from matching.weights import DEFAULT_WEIGHTS, Weights

KEY_BITS = 20  # cell keys stay below 2**20; the prefix above them is a radius tier or a family id
NO_CODE = ""  # matches no code, so it yields the same-family points for any occupation code

# Workers are grouped by how far they will travel, so a vacancy query only widens the search for
# the few who accept long distances instead of for everyone.
_TIER_LIMITS_KM = (25.0, 50.0, 100.0, 200.0, 400.0)


def _tier(max_km: float) -> int:
    for tier, limit in enumerate(_TIER_LIMITS_KM):
        if max_km <= limit:
            return tier
    return len(_TIER_LIMITS_KM)


def _radians(values: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.radians(np.asarray(values, dtype=np.float64))
    return lat, np.cos(lat)


@dataclass(frozen=True, slots=True, eq=False)
class WorkerBlock:
    """The workers a vacancy of one 小类 may match, sorted by (radius tier, cell, worker id)."""

    keys: np.ndarray
    tiers: tuple[tuple[int, float], ...]  # (tier, largest max distance in it)
    rows: np.ndarray  # positions in MatchIndex.workers
    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    lat_rad: np.ndarray
    lon_rad: np.ndarray
    cos_lat: np.ndarray
    max_km: np.ndarray
    min_pay: np.ndarray  # NaN where the worker named no minimum
    availability: np.ndarray
    worker_recency: np.ndarray
    priority: np.ndarray
    code_columns: dict[str, int]  # the last column stands for any other code of the family
    occupation: np.ndarray  # (workers, codes + 1)
    certificate: np.ndarray
    training: np.ndarray
    exact_certificate: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class VacancyBlock:
    """Every open vacancy, sorted by (family id, cell, vacancy id) so one family is one key range."""

    keys: np.ndarray
    family_ids: dict[str, int]
    family_codes: dict[str, tuple[tuple[str, int], ...]]  # codes present among vacancies, with ids
    code_count: int
    rows: np.ndarray  # positions in MatchIndex.vacancies
    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    lat_rad: np.ndarray
    lon_rad: np.ndarray
    cos_lat: np.ndarray
    code_ids: np.ndarray
    monthly_min: np.ndarray  # NaN where pay is not stated
    monthly_max: np.ndarray
    recency: np.ndarray
    requires_certificate: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class MatchIndex:
    workers: tuple[WorkerProfile, ...]
    vacancies: tuple[Vacancy, ...]
    as_of: date
    weights: Weights
    worker_blocks: dict[str, WorkerBlock]
    vacancy_block: VacancyBlock

    @classmethod
    def build(
        cls,
        workers: Iterable[WorkerProfile],
        vacancies: Iterable[Vacancy],
        *,
        as_of: date,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> MatchIndex:
        """Index the workers who have not opted out and the open vacancies."""
        kept_workers = tuple(w for w in workers if not w.opted_out)
        kept_vacancies = tuple(v for v in vacancies if v.open)
        if len({w.worker_id for w in kept_workers}) != len(kept_workers):
            raise ValueError("duplicate worker_id")
        if len({v.vacancy_id for v in kept_vacancies}) != len(kept_vacancies):
            raise ValueError("duplicate vacancy_id")
        vacancy_block = _build_vacancy_block(kept_vacancies, as_of, weights)
        worker_blocks = _build_worker_blocks(kept_workers, kept_vacancies, as_of, weights)
        return cls(kept_workers, kept_vacancies, as_of, weights, worker_blocks, vacancy_block)


def _build_vacancy_block(vacancies: tuple[Vacancy, ...], as_of: date, weights: Weights) -> VacancyBlock:
    families = sorted({v.family for v in vacancies})
    family_ids = {family: n for n, family in enumerate(families)}
    codes = sorted({v.occupation_code for v in vacancies})
    code_ids = {code: n for n, code in enumerate(codes)}
    family_codes: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for code in codes:
        family_codes[family_of(code)].append((code, code_ids[code]))
    order = sorted(
        range(len(vacancies)),
        key=lambda n: (
            (family_ids[vacancies[n].family] << KEY_BITS) | cell_key(vacancies[n].lat, vacancies[n].lon),
            vacancies[n].vacancy_id,
        ),
    )
    vs = [vacancies[n] for n in order]
    lat_rad, cos_lat = _radians([v.lat for v in vs])
    nan = math.nan
    return VacancyBlock(
        keys=np.array(
            [(family_ids[v.family] << KEY_BITS) | cell_key(v.lat, v.lon) for v in vs], dtype=np.int64
        ),
        family_ids=family_ids,
        family_codes={family: tuple(pairs) for family, pairs in family_codes.items()},
        code_count=len(codes),
        rows=np.array(order, dtype=np.int64),
        ids=np.array([v.vacancy_id for v in vs], dtype=np.int64),
        lat=np.array([v.lat for v in vs], dtype=np.float64),
        lon=np.array([v.lon for v in vs], dtype=np.float64),
        lat_rad=lat_rad,
        lon_rad=np.radians(np.array([v.lon for v in vs], dtype=np.float64)),
        cos_lat=cos_lat,
        code_ids=np.array([code_ids[v.occupation_code] for v in vs], dtype=np.int64),
        monthly_min=np.array([nan if v.monthly_min is None else v.monthly_min for v in vs], dtype=np.float64),
        monthly_max=np.array([nan if v.monthly_max is None else v.monthly_max for v in vs], dtype=np.float64),
        recency=np.array([vacancy_recency_part(v, as_of, weights) for v in vs], dtype=np.float64),
        requires_certificate=np.array([v.requires_certificate for v in vs], dtype=bool),
    )


def _build_worker_blocks(
    workers: tuple[WorkerProfile, ...], vacancies: tuple[Vacancy, ...], as_of: date, weights: Weights
) -> dict[str, WorkerBlock]:
    members: dict[str, list[int]] = defaultdict(list)
    family_codes: dict[str, set[str]] = defaultdict(set)
    for n, w in enumerate(workers):
        for family in w.skill_families:
            members[family].append(n)
        for code in (
            *w.occupation_codes,
            *(c.occupation_code for c in w.certificates),
            *w.training_completed,
        ):
            family_codes[family_of(code)].add(code)
    for v in vacancies:
        family_codes[v.family].add(v.occupation_code)
    max_km = [max_distance_of(w, weights) for w in workers]
    keys = [cell_key(w.lat, w.lon) for w in workers]
    constants = [worker_constant_parts(w, as_of, weights) for w in workers]
    return {
        family: _build_worker_block(
            family, rows, sorted(family_codes[family]), workers, max_km, keys, constants, weights
        )
        for family, rows in members.items()
    }


def _build_worker_block(
    family: str,
    rows: list[int],
    codes: list[str],
    workers: tuple[WorkerProfile, ...],
    max_km: list[float],
    keys: list[int],
    constants: list[tuple[float, float, float]],
    weights: Weights,
) -> WorkerBlock:
    tiers = {n: _tier(max_km[n]) for n in rows}
    rows = sorted(rows, key=lambda n: ((tiers[n] << KEY_BITS) | keys[n], workers[n].worker_id))
    columns = {code: j for j, code in enumerate(codes)}
    shape = (len(rows), len(codes) + 1)
    occupation, certificate, training = np.empty(shape), np.empty(shape), np.empty(shape)
    exact_certificate = np.zeros(shape, dtype=bool)
    for i, n in enumerate(rows):
        w = workers[n]
        occupation[i] = occupation_points(w.occupation_codes, w.families, NO_CODE, family, weights)[0]
        certificate[i] = certificate_points(w.certificates, NO_CODE, family, weights)[0]
        training[i] = training_points(w.training_completed, NO_CODE, family, weights)[0]
        own = {
            c
            for c in (
                *w.occupation_codes,
                *(c.occupation_code for c in w.certificates),
                *w.training_completed,
            )
            if c in columns
        }
        for code in own:  # only a worker's own codes score above the same-family points
            j = columns[code]
            occupation[i, j] = occupation_points(w.occupation_codes, w.families, code, family, weights)[0]
            certificate[i, j] = certificate_points(w.certificates, code, family, weights)[0]
            training[i, j] = training_points(w.training_completed, code, family, weights)[0]
            exact_certificate[i, j] = has_exact_certificate(w.certificates, code)
    tier_radius: dict[int, float] = {}
    for n in rows:
        tier_radius[tiers[n]] = max(tier_radius.get(tiers[n], 0.0), max_km[n])
    ws = [workers[n] for n in rows]
    lat_rad, cos_lat = _radians([w.lat for w in ws])
    return WorkerBlock(
        keys=np.array([(tiers[n] << KEY_BITS) | keys[n] for n in rows], dtype=np.int64),
        tiers=tuple(sorted(tier_radius.items())),
        rows=np.array(rows, dtype=np.int64),
        ids=np.array([w.worker_id for w in ws], dtype=np.int64),
        lat=np.array([w.lat for w in ws], dtype=np.float64),
        lon=np.array([w.lon for w in ws], dtype=np.float64),
        lat_rad=lat_rad,
        lon_rad=np.radians(np.array([w.lon for w in ws], dtype=np.float64)),
        cos_lat=cos_lat,
        max_km=np.array([max_km[n] for n in rows], dtype=np.float64),
        min_pay=np.array([math.nan if w.min_monthly_pay is None else w.min_monthly_pay for w in ws]),
        availability=np.array([constants[n][0] for n in rows], dtype=np.float64),
        worker_recency=np.array([constants[n][1] for n in rows], dtype=np.float64),
        priority=np.array([constants[n][2] for n in rows], dtype=np.float64),
        code_columns=columns,
        occupation=occupation,
        certificate=certificate,
        training=training,
        exact_certificate=exact_certificate,
    )
