"""Reference answers by scoring every pair; slow on purpose, used to check the index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from matching.models import Vacancy, WorkerProfile
from matching.score import ScoreBreakdown, score_pair
from matching.weights import DEFAULT_WEIGHTS, Weights


def brute_force_top_k(
    workers: Iterable[WorkerProfile],
    vacancies: Iterable[Vacancy],
    *,
    as_of: date,
    worker: WorkerProfile | None = None,
    vacancy: Vacancy | None = None,
    k: int = 10,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[ScoreBreakdown]:
    """The k best vacancies for ``worker``, or the k best workers for ``vacancy`` (give exactly one)."""
    if (worker is None) == (vacancy is None):
        raise ValueError("give exactly one of worker or vacancy")
    if worker is not None:
        found = [score_pair(worker, v, as_of=as_of, weights=weights) for v in vacancies]
        matches = [b for b in found if b is not None]
        matches.sort(key=lambda b: (-b.score, b.vacancy_id))
    else:
        assert vacancy is not None
        found = [score_pair(w, vacancy, as_of=as_of, weights=weights) for w in workers]
        matches = [b for b in found if b is not None]
        matches.sort(key=lambda b: (-b.score, b.worker_id))
    return matches[:k]
