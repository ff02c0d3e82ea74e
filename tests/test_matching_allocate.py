"""Batch allocation: headcounts hold, one place per worker, stable, deterministic."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from matching import MatchIndex, Vacancy, WorkerProfile, allocate, score_pair
from matching.synthetic import made_up_places, synthetic_vacancies, synthetic_workers

AS_OF = date(2025, 6, 1)


def _world(seed: int, workers: int = 1200, vacancies: int = 200, places: int = 136):
    ws = synthetic_workers(workers, seed=seed, as_of=AS_OF, places=made_up_places(places, seed=seed))
    vs = synthetic_vacancies(vacancies, seed=seed, as_of=AS_OF, places=made_up_places(places, seed=seed))
    return ws, vs, MatchIndex.build(ws, vs, as_of=AS_OF)


@pytest.mark.parametrize(("seed", "places"), [(1, 136), (2, 136), (3, 12), (4, 3)])
def test_allocation_respects_headcounts_and_is_stable(seed: int, places: int) -> None:
    ws, vs, index = _world(seed, places=places)
    result = allocate(index, default_headcount=2)
    assert result
    workers = {w.worker_id: w for w in ws}
    vacancies = {v.vacancy_id: v for v in vs}
    capacity = {v.vacancy_id: (v.headcount if v.headcount is not None else 2) for v in vs}

    per_vacancy = Counter(a.vacancy_id for a in result)
    assert all(n <= capacity[vid] for vid, n in per_vacancy.items())
    assert len({a.worker_id for a in result}) == len(result)
    for a in result:
        w, v = workers[a.worker_id], vacancies[a.vacancy_id]
        assert w.available and not w.opted_out and v.open
        b = score_pair(w, v, as_of=AS_OF)
        assert b is not None and b.score == a.score

    # Stability over every eligible pair: no worker and vacancy both prefer each other.
    rank = {(a.worker_id, a.vacancy_id): (-a.score, a.worker_id, a.vacancy_id) for a in result}
    held = {a.worker_id: rank[a.worker_id, a.vacancy_id] for a in result}
    worst = {vid: max(rank[w, v] for w, v in rank if v == vid) for vid in per_vacancy}
    for w in ws:
        if not w.available:
            continue
        for v in vs:
            b = score_pair(w, v, as_of=AS_OF)
            if b is None or (w.worker_id, v.vacancy_id) in rank or capacity[v.vacancy_id] == 0:
                continue
            key = (-b.score, w.worker_id, v.vacancy_id)
            worker_wants = w.worker_id not in held or key < held[w.worker_id]
            vacancy_wants = per_vacancy[v.vacancy_id] < capacity[v.vacancy_id] or key < worst[v.vacancy_id]
            assert not (worker_wants and vacancy_wants), (w.worker_id, v.vacancy_id)


def test_allocation_is_deterministic_and_ordered() -> None:
    *_, index = _world(5)
    first = allocate(index)
    assert first == allocate(index)
    keys = [(-a.score, a.worker_id, a.vacancy_id) for a in first]
    assert keys == sorted(keys)


def test_the_best_worker_gets_the_single_place() -> None:
    near = WorkerProfile(worker_id=2, lat=36.0, lon=117.0, occupation_codes=("6-29-01-01",))
    far = replace(near, worker_id=1, lat=36.6)  # ~67 km: loses more than the 5 availability points
    busy = replace(near, worker_id=3, available=False)
    post = Vacancy(vacancy_id=1, employer_id=1, occupation_code="6-29-01-01", lat=36.0, lon=117.0)
    index = MatchIndex.build([near, far, busy], [post], as_of=AS_OF)
    assert [(a.worker_id, a.vacancy_id) for a in allocate(index)] == [(2, 1)]
    assert [a.worker_id for a in allocate(index, available_only=False)] == [2]
    two_places = MatchIndex.build([near, far, busy], [replace(post, headcount=2)], as_of=AS_OF)
    assert [a.worker_id for a in allocate(two_places)] == [2, 1]
    assert [a.worker_id for a in allocate(two_places, available_only=False)] == [2, 3]
    none = MatchIndex.build([near], [replace(post, headcount=0)], as_of=AS_OF)
    assert allocate(none) == []


def test_a_crowded_vacancy_refetches_past_taken_workers() -> None:
    # Ten workers want the same two posts; the better post takes the best eight, the other must look
    # past them all to fill its places.
    crowd = [
        WorkerProfile(worker_id=n, lat=36.0, lon=117.0 + n / 1000, occupation_codes=("6-29-01-01",))
        for n in range(1, 11)
    ]
    best = Vacancy(
        vacancy_id=1,
        employer_id=1,
        occupation_code="6-29-01-01",
        lat=36.0,
        lon=117.0,
        headcount=8,
        posted_at=AS_OF,
    )
    second = replace(best, vacancy_id=2, headcount=5, posted_at=None)
    result = allocate(MatchIndex.build(crowd, [best, second], as_of=AS_OF))
    assert Counter(a.vacancy_id for a in result) == {1: 8, 2: 2}
    assert sorted(a.worker_id for a in result if a.vacancy_id == 2) == [9, 10]
