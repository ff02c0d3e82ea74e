"""Matching workers to vacancies: pure functions over plain values, no I/O."""

from matching.allocate import Assignment, allocate
from matching.brute import brute_force_top_k
from matching.explain import Reason, explain, explain_for_employer, reasons_for_employer, reasons_for_worker
from matching.index import MatchIndex
from matching.models import Certificate, Vacancy, WorkerProfile, family_of, monthly_equivalent
from matching.query import top_vacancies_for_worker, top_workers_for_vacancy
from matching.score import PART_NAMES, MatchFacts, ScoreBreakdown, score_pair
from matching.weights import DEFAULT_WEIGHTS, PRIORITY_GROUPS, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "PART_NAMES",
    "PRIORITY_GROUPS",
    "Assignment",
    "Certificate",
    "MatchFacts",
    "MatchIndex",
    "Reason",
    "ScoreBreakdown",
    "Vacancy",
    "Weights",
    "WorkerProfile",
    "allocate",
    "brute_force_top_k",
    "explain",
    "explain_for_employer",
    "family_of",
    "monthly_equivalent",
    "reasons_for_employer",
    "reasons_for_worker",
    "score_pair",
    "top_vacancies_for_worker",
    "top_workers_for_vacancy",
]
