"""Top-k queries: numpy preselects by cell and 小类, exact Python distances settle the order."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from matching.geo import EARTH_RADIUS_KM, ROWS, cells_within, haversine_km
from matching.index import KEY_BITS, MatchIndex
from matching.models import Vacancy, WorkerProfile
from matching.score import (
    ScoreBreakdown,
    certificate_points,
    has_exact_certificate,
    max_distance_of,
    occupation_points,
    score_pair,
    training_points,
    vacancy_recency_part,
    worker_constant_parts,
)

# numpy's trigonometry may differ from math's in the last bits; anything this close to the k-th
# score is rescored with exact distances before ranking.
_BAND = 1e-6
_REACH_SLACK = 1e-9  # relative; keeps borderline distances in the preselection, the exact check decides

Exact = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _ranges(keys: np.ndarray, low: list[int], high: list[int]) -> np.ndarray:
    """Positions of all keys falling in any [low, high] interval, in ascending order per interval."""
    starts = np.searchsorted(keys, np.asarray(low, dtype=np.int64), side="left")
    ends = np.searchsorted(keys, np.asarray(high, dtype=np.int64), side="right")
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)


def _haversine(
    lat_rad: float, lon_rad: float, cos_lat: float, lat2: np.ndarray, lon2: np.ndarray, cos2: np.ndarray
) -> np.ndarray:
    a = np.sin((lat2 - lat_rad) / 2) ** 2 + cos_lat * cos2 * np.sin((lon2 - lon_rad) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _select(scores: np.ndarray, ids: np.ndarray, k: int, exact: Exact) -> tuple[np.ndarray, np.ndarray]:
    """Positions and exact scores of the k best, ordered by score then id."""
    n = len(scores)
    if n == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    if n > k:
        threshold = np.partition(scores, n - k)[n - k]
        band = np.flatnonzero(scores >= threshold - _BAND)
    else:
        band = np.arange(n)
    exact_scores, eligible = exact(band)
    if not eligible.all() and len(band) < n:
        band = np.arange(n)  # a borderline distance left the band short: rescore everything
        exact_scores, eligible = exact(band)
    band, exact_scores = band[eligible], exact_scores[eligible]
    order = np.lexsort((ids[band], -exact_scores))[:k]
    return band[order], exact_scores[order]


def rank_workers(
    index: MatchIndex, vacancy: Vacancy, k: int, *, excluded: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """(position in index.workers, score) of the k best workers for a vacancy.

    ``excluded`` is a boolean mask over index.workers, e.g. workers already placed.
    """
    block = index.worker_blocks.get(vacancy.family)
    if block is None or not vacancy.open or k <= 0:
        return []
    w = index.weights
    low: list[int] = []
    high: list[int] = []
    for tier, radius in block.tiers:
        for row, col_lo, col_hi in cells_within(vacancy.lat, vacancy.lon, radius):
            low.append((tier << KEY_BITS) | (row * ROWS + col_lo))
            high.append((tier << KEY_BITS) | (row * ROWS + col_hi))
    cand = _ranges(block.keys, low, high)
    lat_rad, lon_rad = np.radians(vacancy.lat), np.radians(vacancy.lon)
    dist = _haversine(
        lat_rad, lon_rad, np.cos(lat_rad), block.lat_rad[cand], block.lon_rad[cand], block.cos_lat[cand]
    )
    max_km = block.max_km[cand]
    ok = dist <= max_km * (1 + _REACH_SLACK)
    column = block.code_columns.get(vacancy.occupation_code, len(block.code_columns))
    if vacancy.requires_certificate:
        ok &= block.exact_certificate[cand, column]
    if excluded is not None:
        ok &= ~excluded[block.rows[cand]]
    cand, dist, max_km = cand[ok], dist[ok], max_km[ok]
    min_pay = block.min_pay[cand]
    if vacancy.monthly_min is None or vacancy.monthly_max is None:
        pay = np.zeros(len(cand))
    else:
        pay = np.where(
            np.isnan(min_pay),
            w.pay_partly,
            np.where(
                vacancy.monthly_min >= min_pay,
                w.pay_meets,
                np.where(vacancy.monthly_max >= min_pay, w.pay_partly, 0.0),
            ),
        )
    skill = block.occupation[cand, column] + block.certificate[cand, column]
    skill += block.training[cand, column]
    recency = vacancy_recency_part(vacancy, index.as_of, w)

    def total(d: np.ndarray, at: np.ndarray | slice) -> np.ndarray:
        # Same parts, same order as score_pair, so exact distances give bit-identical sums.
        s = skill[at] + w.distance * (1.0 - d / max_km[at])
        s += pay[at]
        s += block.availability[cand[at]]
        s += block.worker_recency[cand[at]]
        s += recency
        s += block.priority[cand[at]]
        return s

    def exact(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = cand[band]
        d = np.array(
            [
                haversine_km(a, b, vacancy.lat, vacancy.lon)
                for a, b in zip(block.lat[rows].tolist(), block.lon[rows].tolist(), strict=True)
            ]
        )
        return total(d, band), d <= max_km[band]

    picked, scores = _select(total(dist, slice(None)), block.ids[cand], k, exact)
    return list(zip(block.rows[cand[picked]].tolist(), scores.tolist(), strict=True))


def rank_vacancies(index: MatchIndex, worker: WorkerProfile, k: int) -> list[tuple[int, float]]:
    """(position in index.vacancies, score) of the k best vacancies for a worker."""
    vb, w = index.vacancy_block, index.weights
    families = sorted(f for f in worker.skill_families if f in vb.family_ids)
    if worker.opted_out or not families or k <= 0:
        return []
    occupation, certificate, training = (
        np.zeros(vb.code_count),
        np.zeros(vb.code_count),
        np.zeros(vb.code_count),
    )
    exact_cert = np.zeros(vb.code_count, dtype=bool)
    max_km = max_distance_of(worker, w)
    low: list[int] = []
    high: list[int] = []
    cells = cells_within(worker.lat, worker.lon, max_km)
    for family in families:
        fid = vb.family_ids[family]
        for row, col_lo, col_hi in cells:
            low.append((fid << KEY_BITS) | (row * ROWS + col_lo))
            high.append((fid << KEY_BITS) | (row * ROWS + col_hi))
        for code, cid in vb.family_codes[family]:
            occupation[cid] = occupation_points(worker.occupation_codes, worker.families, code, family, w)[0]
            certificate[cid] = certificate_points(worker.certificates, code, family, w)[0]
            training[cid] = training_points(worker.training_completed, code, family, w)[0]
            exact_cert[cid] = has_exact_certificate(worker.certificates, code)
    cand = _ranges(vb.keys, low, high)
    lat_rad, lon_rad = np.radians(worker.lat), np.radians(worker.lon)
    dist = _haversine(lat_rad, lon_rad, np.cos(lat_rad), vb.lat_rad[cand], vb.lon_rad[cand], vb.cos_lat[cand])
    codes = vb.code_ids[cand]
    ok = (dist <= max_km * (1 + _REACH_SLACK)) & (~vb.requires_certificate[cand] | exact_cert[codes])
    cand, dist, codes = cand[ok], dist[ok], codes[ok]
    low_pay, high_pay = vb.monthly_min[cand], vb.monthly_max[cand]
    if worker.min_monthly_pay is None:
        pay = np.where(np.isnan(low_pay), 0.0, w.pay_partly)
    else:  # NaN compares false, so unstated pay scores nothing, as in score_pair
        minimum = worker.min_monthly_pay
        pay = np.where(low_pay >= minimum, w.pay_meets, np.where(high_pay >= minimum, w.pay_partly, 0.0))
    skill = occupation[codes] + certificate[codes]
    skill += training[codes]
    availability, worker_recency, priority = worker_constant_parts(worker, index.as_of, w)

    def total(d: np.ndarray, at: np.ndarray | slice) -> np.ndarray:
        s = skill[at] + w.distance * (1.0 - d / max_km)
        s += pay[at]
        s += availability
        s += worker_recency
        s += vb.recency[cand[at]]
        s += priority
        return s

    def exact(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = cand[band]
        d = np.array(
            [
                haversine_km(worker.lat, worker.lon, a, b)
                for a, b in zip(vb.lat[rows].tolist(), vb.lon[rows].tolist(), strict=True)
            ]
        )
        return total(d, band), d <= max_km

    picked, scores = _select(total(dist, slice(None)), vb.ids[cand], k, exact)
    return list(zip(vb.rows[cand[picked]].tolist(), scores.tolist(), strict=True))


def top_workers_for_vacancy(index: MatchIndex, vacancy: Vacancy, k: int = 10) -> list[ScoreBreakdown]:
    """The k best workers for a vacancy, best first, ties to the lower worker id."""
    return [
        _explained(index, index.workers[row], vacancy, score)
        for row, score in rank_workers(index, vacancy, k)
    ]


def top_vacancies_for_worker(index: MatchIndex, worker: WorkerProfile, k: int = 10) -> list[ScoreBreakdown]:
    """The k best vacancies for a worker, best first, ties to the lower vacancy id."""
    return [
        _explained(index, worker, index.vacancies[row], score)
        for row, score in rank_vacancies(index, worker, k)
    ]


def _explained(index: MatchIndex, worker: WorkerProfile, vacancy: Vacancy, score: float) -> ScoreBreakdown:
    breakdown = score_pair(worker, vacancy, as_of=index.as_of, weights=index.weights)
    if breakdown is None or breakdown.score != score:
        raise AssertionError(
            f"index and score_pair disagree on worker {worker.worker_id}, "
            f"vacancy {vacancy.vacancy_id}: {score} vs {breakdown}"
        )
    return breakdown
