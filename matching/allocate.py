"""Batch allocation of workers to vacancy places: greedy by score, which is the stable matching here."""

from __future__ import annotations

import heapq
from typing import NamedTuple

import numpy as np

from matching.index import MatchIndex
from matching.models import Vacancy
from matching.query import rank_workers


class Assignment(NamedTuple):
    worker_id: int
    vacancy_id: int
    score: float


class _Stream:
    """A vacancy's free candidates best first, fetched again without the taken ones when used up."""

    __slots__ = ("index", "items", "places", "position", "size", "vacancy")

    def __init__(self, index: MatchIndex, vacancy: Vacancy, places: int) -> None:
        self.index, self.vacancy, self.places = index, vacancy, places
        self.items: list[tuple[int, float]] = []
        self.position = self.size = 0

    def head(self, taken: np.ndarray) -> tuple[int, float] | None:
        """(worker position, score) of the best candidate not yet taken, or None when none is left."""
        while True:
            if self.position == len(self.items):
                if self.items and len(self.items) < self.size:
                    return None  # the last fetch already held every candidate
                self.size = 3 * self.places + 10  # room for a few taken elsewhere
                self.items = rank_workers(self.index, self.vacancy, self.size, excluded=taken)
                self.position = 0
                if not self.items:
                    return None
            item = self.items[self.position]
            if not taken[item[0]]:
                return item
            self.position += 1


def allocate(
    index: MatchIndex, *, default_headcount: int = 1, available_only: bool = True
) -> list[Assignment]:
    """Fill vacancy places so that no worker and vacancy would both rather have each other.

    Both sides rank by the same pair score, so taking pairs in descending (score, then lower worker
    id, then lower vacancy id) order gives the one stable matching that worker-proposing deferred
    acceptance would find, and its total is at least half the maximum. Each vacancy takes at most
    its headcount (``default_headcount`` when unknown); each worker at most one place. Results come
    in that order, best pair first.
    """
    # Unavailable workers are marked taken from the start; placed workers join them as we go.
    taken = np.array([available_only and not w.available for w in index.workers], dtype=bool)
    streams: dict[int, _Stream] = {}
    heap: list[tuple[float, int, int, int]] = []
    for vacancy in sorted(index.vacancies, key=lambda v: v.vacancy_id):
        places = vacancy.headcount if vacancy.headcount is not None else default_headcount
        if places <= 0:
            continue
        stream = _Stream(index, vacancy, places)
        streams[vacancy.vacancy_id] = stream
        head = stream.head(taken)
        if head is not None:
            heap.append((-head[1], index.workers[head[0]].worker_id, vacancy.vacancy_id, head[0]))
    heapq.heapify(heap)
    assignments: list[Assignment] = []
    while heap:
        negative, worker_id, vacancy_id, row = heapq.heappop(heap)
        stream = streams[vacancy_id]
        if not taken[row]:
            taken[row] = True
            stream.places -= 1
            assignments.append(Assignment(worker_id, vacancy_id, -negative))
        if stream.places > 0:
            head = stream.head(taken)
            if head is not None:
                heapq.heappush(heap, (-head[1], index.workers[head[0]].worker_id, vacancy_id, head[0]))
    return assignments
