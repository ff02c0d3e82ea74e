"""Benchmark the matching engine on synthetic Shandong data: top-k latency, allocation, memory, and a
brute-force check.

    .venv/bin/python bench/matching.py --workers 100000 --vacancies 10000 --json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching import (  # noqa: E402
    MatchIndex,
    allocate,
    brute_force_top_k,
    top_vacancies_for_worker,
    top_workers_for_vacancy,
)
from matching.synthetic import (  # noqa: E402
    Occupation,
    Place,
    made_up_occupations,
    made_up_places,
    synthetic_vacancies,
    synthetic_workers,
)

AS_OF = date(2025, 6, 1)
GEO_CSV = ROOT / "content" / "data" / "geo" / "shandong.csv"
OCCUPATIONS_CSV = ROOT / "content" / "data" / "occupations" / "csco22.csv"


def load_places() -> list[Place]:
    """The 136 county centroids of Shandong, or made-up ones when the data file is absent."""
    if not GEO_CSV.exists():
        return made_up_places()
    with GEO_CSV.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] == "county"]
    return [Place(r["city"], r["name"], float(r["lat"]), float(r["lon"])) for r in rows]


def load_occupations(seed: int, families: int = 40, per_family: int = 5) -> list[Occupation]:
    """~200 real 细类 in ~40 小类 of the service and production categories (4 and 6)."""
    if not OCCUPATIONS_CSV.exists():
        return made_up_occupations(families, per_family)
    grouped: dict[str, list[Occupation]] = {}
    with OCCUPATIONS_CSV.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["level"] == "4" and r["code"][0] in "46" and not r["code"].endswith("-00"):
                grouped.setdefault(r["code"].rsplit("-", 1)[0], []).append(Occupation(r["code"], r["name"]))
    rng = random.Random(seed)
    chosen = rng.sample(sorted(k for k, v in grouped.items() if len(v) >= 3), families)
    occupations = [o for family in chosen for o in grouped[family][:per_family]]
    rng.shuffle(occupations)  # the shuffled order is the popularity order
    return occupations


def p99_ms(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--brute-queries", type=int, default=25, help="per side")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    places, occupations = load_places(), load_occupations(args.seed)
    t = time.perf_counter()
    workers = synthetic_workers(
        args.workers, seed=args.seed, as_of=AS_OF, places=places, occupations=occupations
    )
    vacancies = synthetic_vacancies(
        args.vacancies, seed=args.seed, as_of=AS_OF, places=places, occupations=occupations
    )
    generate_s = time.perf_counter() - t
    t = time.perf_counter()
    index = MatchIndex.build(workers, vacancies, as_of=AS_OF)
    build_s = time.perf_counter() - t

    rng = random.Random(args.seed)
    vacancy_sample = rng.sample(index.vacancies, min(args.queries, len(index.vacancies)))
    worker_sample = rng.sample(index.workers, min(args.queries, len(index.workers)))
    # CPU time is kept beside wall time: on a shared machine the wall-clock p99 mostly measures the
    # scheduler, not the query.
    vacancy_times, worker_times, vacancy_cpu, worker_cpu = [], [], [], []
    for v in vacancy_sample:
        t, cpu = time.perf_counter(), time.thread_time()
        top_workers_for_vacancy(index, v, 10)
        vacancy_times.append(time.perf_counter() - t)
        vacancy_cpu.append(time.thread_time() - cpu)
    for w in worker_sample:
        t, cpu = time.perf_counter(), time.thread_time()
        top_vacancies_for_worker(index, w, 10)
        worker_times.append(time.perf_counter() - t)
        worker_cpu.append(time.thread_time() - cpu)

    t, cpu = time.perf_counter(), time.process_time()
    assignments = allocate(index)
    allocation_s, allocation_cpu_s = time.perf_counter() - t, time.process_time() - cpu

    brute_s = indexed_s = 0.0
    mismatches = 0
    for v, w in zip(vacancy_sample[: args.brute_queries], worker_sample[: args.brute_queries], strict=False):
        for query in ({"vacancy": v}, {"worker": w}):
            t = time.perf_counter()
            expected = brute_force_top_k(workers, vacancies, as_of=AS_OF, k=10, **query)
            brute_s += time.perf_counter() - t
            t = time.perf_counter()
            got = (
                top_workers_for_vacancy(index, v, 10)
                if "vacancy" in query
                else top_vacancies_for_worker(index, w, 10)
            )
            indexed_s += time.perf_counter() - t
            mismatches += got != expected
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    filled = len(assignments)
    places_total = sum(v.headcount if v.headcount is not None else 1 for v in index.vacancies)
    result = {
        "workers": args.workers,
        "vacancies": args.vacancies,
        "vacancy_topk_p99_ms": round(p99_ms(vacancy_times), 3),
        "worker_topk_p99_ms": round(p99_ms(worker_times), 3),
        "allocation_s": round(allocation_s, 3),
        "peak_mb": round(peak_mb, 1),
        "brute_force_speedup": round(brute_s / indexed_s, 1) if indexed_s else None,
    }
    print(
        f"generated in {generate_s:.1f} s, index built in {build_s:.2f} s "
        f"({len(index.workers)} workers, {len(index.vacancies)} open vacancies)"
    )
    print(
        f"vacancy top-10: median {statistics.median(vacancy_times) * 1000:.2f} ms, "
        f"p99 {result['vacancy_topk_p99_ms']} ms (CPU {p99_ms(vacancy_cpu):.3f} ms), "
        f"{len(vacancy_times)} queries"
    )
    print(
        f"worker top-10:  median {statistics.median(worker_times) * 1000:.2f} ms, "
        f"p99 {result['worker_topk_p99_ms']} ms (CPU {p99_ms(worker_cpu):.3f} ms), "
        f"{len(worker_times)} queries"
    )
    print(
        f"allocation: {filled} of {places_total} places filled in {allocation_s:.2f} s "
        f"({allocation_cpu_s:.2f} s CPU), "
        f"total score {sum(a.score for a in assignments):.0f}"
    )
    print(
        f"brute force: {2 * min(args.brute_queries, len(vacancy_sample))} queries, {mismatches} mismatches, "
        f"{brute_s:.2f} s vs {indexed_s * 1000:.1f} ms indexed (x{result['brute_force_speedup']})"
    )
    print(f"peak RSS {peak_mb:.0f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if mismatches:
        print("MISMATCH between index and brute force", file=sys.stderr)
    if args.json:
        print(json.dumps(result))
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
