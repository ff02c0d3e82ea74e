"""The edge around the pure ``matching`` engine: builds its values from the database and asks it.

Indexes are built per request: at the programme's scale (thousands of workers, hundreds of open
vacancies) that takes milliseconds, and it can never serve stale or unapproved data. Workers are
identified by ``user.id``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot import clock
from bot.privacy import mask_name
from bot.store import job_seekers, users, vacancies
from bot.store.employer_models import Employer, JobPreference
from bot.store.employer_models import Vacancy as VacancyRow
from bot.store.models import User
from bot.store.training_models import Course, Enrolment, Worker
from intents import gazetteer
from matching import (
    Assignment,
    Certificate,
    MatchIndex,
    ScoreBreakdown,
    Vacancy,
    WorkerProfile,
    allocate,
    reasons_for_worker,
    score_pair,
    top_vacancies_for_worker,
    top_workers_for_vacancy,
)
from matching import reasons_for_employer as engine_reasons_for_employer
from matching.models import CertificateLevel

# Parts of a score the service has no facts for: nobody is asked "can you start now", so every
# profile is available alike (it ranks nobody higher) and the reason would claim what was never said.
UNSTATED_PARTS = frozenset({"availability"})
_LEVELS: dict[str, CertificateLevel] = {
    "职业技能等级证书": "职业技能等级",
    "专项职业能力证书": "专项职业能力",
    "职业资格证书": "职业资格",
}


@dataclass(frozen=True)
class Person:
    """A worker as matching sees them, plus who they are (never shown unmasked without consent)."""

    profile: WorkerProfile
    openid: str
    name: str | None
    phone: str | None


@dataclass(frozen=True)
class Suggestion:
    vacancy: VacancyRow
    employer: Employer
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class Candidate:
    openid: str
    label: str  # masked name
    score: float
    reasons: list[str]
    contact: tuple[str, str] | None  # (name, phone) only when the worker consented for this employer
    interested: bool


def worker_reasons(breakdown: ScoreBreakdown) -> list[str]:
    """The engine's reasons for the worker, less those resting on facts nobody gave."""
    return [r.text for r in reasons_for_worker(breakdown) if r.part not in UNSTATED_PARTS]


def employer_reasons(breakdown: ScoreBreakdown) -> list[str]:
    return [r.text for r in engine_reasons_for_employer(breakdown) if r.part not in UNSTATED_PARTS]


def _place_latlon(city: str | None, county: str | None) -> tuple[float, float] | None:
    if not city and not county:
        return None
    try:
        return gazetteer.centroid(city, county)
    except LookupError:
        try:
            return gazetteer.centroid(city) if city else None
        except LookupError:
            return None


def _enrolment_facts(session: Session, worker_ids: list[int]) -> dict[int, list[tuple[Enrolment, Course]]]:
    found: dict[int, list[tuple[Enrolment, Course]]] = defaultdict(list)
    if not worker_ids:
        return found
    stmt = (
        select(Enrolment, Course)
        .join(Course, col(Course.id) == col(Enrolment.course_id))
        .where(col(Enrolment.worker_id).in_(worker_ids), Enrolment.status != "cancelled")
    )
    for enrolment, course in session.exec(stmt):
        assert enrolment.worker_id is not None
        found[enrolment.worker_id].append((enrolment, course))
    return found


def people(session: Session, *, openids: list[str] | None = None) -> list[Person]:
    """Job seekers (a preference) and trained workers (a completion); ``openids`` narrows the set."""
    pref_stmt = select(JobPreference)
    worker_stmt = select(Worker)
    if openids is not None:
        pref_stmt = pref_stmt.where(col(JobPreference.openid).in_(openids))
        worker_stmt = worker_stmt.where(col(Worker.openid).in_(openids))
    prefs = {p.openid: p for p in session.exec(pref_stmt)}
    workers = {w.openid: w for w in session.exec(worker_stmt)}
    courses = _enrolment_facts(session, [w.id for w in workers.values() if w.id is not None])
    trained = {o for o, w in workers.items() if any(e.completed_at for e, _ in courses.get(w.id or 0, []))}
    pool = sorted(set(prefs) | trained)
    user_rows = (
        {u.openid: u for u in session.exec(select(User).where(col(User.openid).in_(pool)))} if pool else {}
    )
    found: list[Person] = []
    for openid in pool:
        user = user_rows.get(openid)
        if user is None or user.id is None:
            continue
        pref, worker = prefs.get(openid), workers.get(openid)
        profile = _profile(user, pref, worker, courses.get(worker.id or 0, []) if worker else [])
        if profile is not None:
            name = (worker.name if worker else None) or (pref.name if pref else None)
            phone = (worker.phone if worker else None) or (pref.phone if pref else None)
            found.append(Person(profile, openid, name, phone))
    return found


def _profile(
    user: User, pref: JobPreference | None, worker: Worker | None, enrolments: list[tuple[Enrolment, Course]]
) -> WorkerProfile | None:
    assert user.id is not None
    where = _place_latlon(pref.city, pref.county) if pref else None
    if where is None and user.latitude is not None and user.longitude is not None:
        where = (user.latitude, user.longitude)
    if where is None and worker is not None:
        where = _place_latlon(worker.city, worker.county)
    if where is None:
        return None
    codes = [pref.occupation_code] if pref and pref.occupation_code else []
    codes += [c.occupation_code for _, c in enrolments if c.occupation_code]
    completed = tuple(
        sorted({c.occupation_code for e, c in enrolments if e.completed_at and c.occupation_code})
    )
    certificates = tuple(
        Certificate(
            occupation_code=c.occupation_code,
            level=_LEVELS.get(c.certificate_type or "", "职业技能等级"),
            title=(c.certificate_name or c.occupation).removesuffix("证书"),
        )
        for e, c in enrolments
        if e.certified_at and c.occupation_code
    )
    return WorkerProfile(
        worker_id=user.id,
        lat=where[0],
        lon=where[1],
        occupation_codes=tuple(dict.fromkeys(codes)),
        certificates=certificates,
        training_completed=completed,
        min_monthly_pay=pref.min_monthly_pay if pref else None,
        last_active=user.last_inbound_at,
        priority_group=worker.priority_group if worker else None,
        opted_out=bool(pref and pref.opted_out),
    )


def as_engine_vacancy(row: VacancyRow) -> Vacancy | None:
    """The engine's value for a stored vacancy; None when its place cannot be located."""
    where = _place_latlon(row.city, row.county)
    if where is None or row.id is None:
        return None
    low, high = (None, None) if row.salary_negotiable else (row.salary_min, row.salary_max)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Vacancy(
        vacancy_id=row.id,
        employer_id=row.employer_id,
        occupation_code=row.occupation_code,
        lat=where[0],
        lon=where[1],
        headcount=row.headcount,
        salary_min=low,
        salary_max=high,
        salary_period=row.salary_period if low is not None or high is not None else None,  # type: ignore[arg-type]
        requires_certificate="持证" in (row.requirements or []),
        posted_at=row.posted_at,
        occupation_name=row.occupation,
        city=row.city,
        county=row.county or "",
    )


def _engine_vacancies(rows: list[VacancyRow]) -> list[Vacancy]:
    return [v for v in (as_engine_vacancy(r) for r in rows) if v is not None]


def person_for(session: Session, *, openid: str) -> Person | None:
    found = people(session, openids=[openid])
    return found[0] if found else None


def suggestions_for(session: Session, *, openid: str, k: int = 5) -> list[Suggestion]:
    """The best visible vacancies for one worker, with reasons they understand."""
    person = person_for(session, openid=openid)
    if person is None or person.profile.opted_out:
        return []
    rows = {r.id: r for r in vacancies.visible(session)}
    index = MatchIndex.build(
        [person.profile], _engine_vacancies(list(rows.values())), as_of=clock.now().date()
    )
    found = []
    for breakdown in top_vacancies_for_worker(index, person.profile, k):
        row = rows[breakdown.vacancy_id]
        employer = session.get(Employer, row.employer_id)
        assert employer is not None
        found.append(Suggestion(row, employer, breakdown.score, worker_reasons(breakdown)))
    return found


def shortlist(session: Session, *, employer_id: int, vacancy_id: int, k: int = 5) -> list[Candidate]:
    """Candidates for one of this employer's vacancies; contact details only with that worker's consent."""
    row = vacancies.get_for_employer(session, vacancy_id=vacancy_id, employer_id=employer_id)
    if row is None or not vacancies.is_visible(session, vacancy=row):
        return []
    vacancy = as_engine_vacancy(row)
    if vacancy is None:
        return []
    crowd = {p.profile.worker_id: p for p in people(session)}
    index = MatchIndex.build([p.profile for p in crowd.values()], [vacancy], as_of=clock.now().date())
    purpose = job_seekers.share_purpose(employer_id)
    interested = {
        i.openid
        for i in job_seekers.shared_with(session, employer_id=employer_id)
        if i.vacancy_id == vacancy_id
    }
    breakdowns: list[ScoreBreakdown] = top_workers_for_vacancy(index, vacancy, k)
    listed = {b.worker_id for b in breakdowns}
    # Workers who asked for this job and shared their details come first, even beyond the top k.
    extra = [
        b
        for p in crowd.values()
        if p.openid in interested and p.profile.worker_id not in listed
        for b in [score_pair(p.profile, vacancy, as_of=index.as_of)]
        if b is not None
    ]
    found = []
    for breakdown in extra + breakdowns:
        person = crowd[breakdown.worker_id]
        consented = users.has_consent(session, openid=person.openid, purpose=purpose)
        contact = (person.name or "", person.phone or "") if consented and person.phone else None
        found.append(
            Candidate(
                person.openid,
                mask_name(person.name) if person.name else "求职者",
                breakdown.score,
                employer_reasons(breakdown),
                contact,
                person.openid in interested,
            )
        )
    found.sort(key=lambda c: (not c.interested, -c.score))
    return found


def allocation(session: Session) -> list[Assignment]:
    """A batch allocation over every visible vacancy; never more workers than a vacancy's headcount."""
    crowd = people(session)
    index = MatchIndex.build(
        [p.profile for p in crowd], _engine_vacancies(vacancies.visible(session)), as_of=clock.now().date()
    )
    return allocate(index)


def reasons_for_employer(session: Session, *, openid: str, vacancy: VacancyRow) -> list[str]:
    """Why this worker suits the vacancy, for the employer; empty when the engine would not pair them."""
    person = person_for(session, openid=openid)
    engine_vacancy = as_engine_vacancy(vacancy)
    if person is None or engine_vacancy is None:
        return []
    breakdown = score_pair(person.profile, engine_vacancy, as_of=clock.now().date())
    return employer_reasons(breakdown) if breakdown else []


def trained_codes(session: Session, *, openid: str) -> list[str]:
    """Occupation codes of the courses this person enrolled in (none cancelled)."""
    stmt = (
        select(Course.occupation_code)
        .join(Enrolment, col(Enrolment.course_id) == col(Course.id))
        .join(Worker, col(Worker.id) == col(Enrolment.worker_id))
        .where(Worker.openid == openid, Enrolment.status != "cancelled")
    )
    return [code for code in session.exec(stmt) if code]
