"""The index answers exactly what scoring every pair answers, and leaves out what must never match."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from matching import (
    Certificate,
    MatchIndex,
    Vacancy,
    WorkerProfile,
    brute_force_top_k,
    top_vacancies_for_worker,
    top_workers_for_vacancy,
)
from matching.geo import cell_col, cell_row, cells_within, haversine_km
from matching.synthetic import Place, made_up_places, synthetic_vacancies, synthetic_workers

AS_OF = date(2025, 6, 1)


def _world(seed: int, workers: int = 1500, vacancies: int = 250, places: list[Place] | None = None):
    ws = synthetic_workers(workers, seed=seed, as_of=AS_OF, places=places)
    vs = synthetic_vacancies(vacancies, seed=seed, as_of=AS_OF, places=places)
    return ws, vs, MatchIndex.build(ws, vs, as_of=AS_OF)


def _pairs(results):
    return [(b.worker_id, b.vacancy_id, b.score) for b in results]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_top_workers_equal_brute_force(seed: int) -> None:
    ws, vs, index = _world(seed)
    checked = 0
    for v in vs:
        for k in (1, 10, 40):
            got = top_workers_for_vacancy(index, v, k)
            assert _pairs(got) == _pairs(brute_force_top_k(ws, vs, as_of=AS_OF, vacancy=v, k=k))
            checked += bool(got)
    assert checked > 300  # most vacancies do have candidates, so the comparison is not vacuous


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_top_vacancies_equal_brute_force(seed: int) -> None:
    ws, vs, index = _world(seed)
    checked = 0
    for w in ws[:500]:
        for k in (1, 10):
            got = top_vacancies_for_worker(index, w, k)
            assert _pairs(got) == _pairs(brute_force_top_k(ws, vs, as_of=AS_OF, worker=w, k=k))
            checked += bool(got)
    assert checked > 300


def test_ties_at_shared_centroids_break_by_id() -> None:
    # Three places only: most profiles share exact coordinates, so equal scores abound.
    ws, vs, index = _world(11, workers=1200, vacancies=120, places=made_up_places(3, seed=4))
    for v in vs:
        got = top_workers_for_vacancy(index, v, 15)
        assert _pairs(got) == _pairs(brute_force_top_k(ws, vs, as_of=AS_OF, vacancy=v, k=15))
        scores = [(-b.score, b.worker_id) for b in got]
        assert scores == sorted(scores)
    for w in ws[:300]:
        got = top_vacancies_for_worker(index, w, 15)
        assert _pairs(got) == _pairs(brute_force_top_k(ws, vs, as_of=AS_OF, worker=w, k=15))


def test_profiles_outside_the_index_are_answered_too() -> None:
    ws, vs, index = _world(12)
    newcomers = synthetic_workers(100, seed=99, as_of=AS_OF, first_id=10_000)
    new_posts = synthetic_vacancies(60, seed=99, as_of=AS_OF, first_id=10_000)
    for w in newcomers:
        assert _pairs(top_vacancies_for_worker(index, w)) == _pairs(
            brute_force_top_k(ws, vs, as_of=AS_OF, worker=w)
        )
    for v in new_posts:
        assert _pairs(top_workers_for_vacancy(index, v)) == _pairs(
            brute_force_top_k(ws, vs, as_of=AS_OF, vacancy=v)
        )


def test_opted_out_workers_and_closed_vacancies_never_appear() -> None:
    ws, vs, index = _world(13)
    opted_out = {w.worker_id for w in ws if w.opted_out}
    closed = {v.vacancy_id for v in vs if not v.open}
    assert opted_out and closed
    assert not opted_out & {w.worker_id for w in index.workers}
    assert not closed & {v.vacancy_id for v in index.vacancies}
    for v in vs:
        found = top_workers_for_vacancy(index, v, 50)
        assert not opted_out & {b.worker_id for b in found}
        if v.vacancy_id in closed:
            assert found == []
    for w in ws:
        found = top_vacancies_for_worker(index, w, 50)
        assert not closed & {b.vacancy_id for b in found}
        if w.worker_id in opted_out:
            assert found == []


JINAN = (36.666465, 117.076441)  # 历下区


def _worker(**changes) -> WorkerProfile:
    base = WorkerProfile(worker_id=1, lat=JINAN[0], lon=JINAN[1], occupation_codes=("4-10-01-05",))
    return replace(base, **changes)


def _vacancy(**changes) -> Vacancy:
    base = Vacancy(vacancy_id=1, employer_id=1, occupation_code="4-10-01-05", lat=JINAN[0], lon=JINAN[1])
    return replace(base, **changes)


def test_distance_beyond_the_workers_limit_is_excluded() -> None:
    near = _vacancy(vacancy_id=1, lat=JINAN[0] + 0.5)  # ~56 km north
    far = _vacancy(vacancy_id=2, lat=JINAN[0] + 1.0)  # ~111 km north
    default = _worker(worker_id=1)  # 100 km by default
    short = _worker(worker_id=2, max_distance_km=50)
    long = _worker(worker_id=3, max_distance_km=150)
    index = MatchIndex.build([default, short, long], [near, far], as_of=AS_OF)
    assert [b.vacancy_id for b in top_vacancies_for_worker(index, default)] == [1]
    assert top_vacancies_for_worker(index, short) == []
    assert [b.vacancy_id for b in top_vacancies_for_worker(index, long)] == [1, 2]
    assert sorted(b.worker_id for b in top_workers_for_vacancy(index, far)) == [3]


def test_certificate_required_needs_the_exact_certificate() -> None:
    same = Certificate(occupation_code="4-10-01-05", level="职业技能等级", title="养老护理员")
    sibling = Certificate(occupation_code="4-10-01-06", level="职业资格", title="家政服务员")
    holder = _worker(worker_id=1, certificates=(same,))
    near_miss = _worker(worker_id=2, certificates=(sibling,))
    none = _worker(worker_id=3)
    strict = _vacancy(vacancy_id=1, requires_certificate=True)
    open_to_all = _vacancy(vacancy_id=2)
    index = MatchIndex.build([holder, near_miss, none], [strict, open_to_all], as_of=AS_OF)
    assert [b.worker_id for b in top_workers_for_vacancy(index, strict)] == [1]
    assert [b.worker_id for b in top_workers_for_vacancy(index, open_to_all)] == [1, 2, 3]


def test_unrelated_occupations_are_not_proposed() -> None:
    cook = _worker(worker_id=1, occupation_codes=("4-03-02-01",))
    index = MatchIndex.build([cook], [_vacancy()], as_of=AS_OF)
    assert top_vacancies_for_worker(index, cook) == []


def test_results_do_not_depend_on_input_order() -> None:
    ws, vs, index = _world(14)
    shuffled_ws, shuffled_vs = ws[:], vs[:]
    random.Random(3).shuffle(shuffled_ws)
    random.Random(4).shuffle(shuffled_vs)
    again = MatchIndex.build(shuffled_ws, shuffled_vs, as_of=AS_OF)
    for v in vs[:100]:
        assert top_workers_for_vacancy(index, v) == top_workers_for_vacancy(again, v)
    for w in ws[:200]:
        assert top_vacancies_for_worker(index, w) == top_vacancies_for_worker(again, w)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="worker_id"):
        MatchIndex.build([_worker(), _worker()], [], as_of=AS_OF)


@pytest.mark.parametrize("radius", [5.0, 30.0, 100.0, 300.0, 900.0])
def test_cells_within_cover_every_point_in_reach(radius: float) -> None:
    rng = random.Random(int(radius))
    for _ in range(200):
        lat, lon = rng.uniform(20.0, 55.0), rng.uniform(75.0, 135.0)
        rows = {row: (lo, hi) for row, lo, hi in cells_within(lat, lon, radius)}
        for _ in range(50):
            other = (lat + rng.uniform(-1, 1) * radius / 90, lon + rng.uniform(-1, 1) * radius / 50)
            if haversine_km(lat, lon, *other) <= radius:
                lo, hi = rows[cell_row(other[0])]
                assert lo <= cell_col(other[1]) <= hi
