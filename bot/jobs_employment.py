"""Scheduled employment jobs: vacancy reminders and expiry, and matches pushed after a completion.

Both are safe to run twice: reminders and expiry change the rows they act on, pushes are claimed
with a unique key, and every message is keyed in the outbox.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlmodel import Session, col, select

from bot import clock
from bot.context import AppContext
from bot.services import employment_notices, matching_service
from bot.store import job_seekers, vacancies
from bot.store.employer_models import MatchPush, Vacancy
from bot.store.training_models import Enrolment, Worker
from content.messages import t

# Completions older than this are not pushed (e.g. those recorded before this feature existed).
PUSH_WINDOW = timedelta(days=14)
PUSH_RESULTS = 5
BATCH_AHEAD = timedelta(days=1)


def expire_vacancies(ctx: AppContext) -> None:
    """Remind employers 3 days before a vacancy's 30 days end, then take it down."""
    with ctx.db.session() as session:
        reminded, expired = run_expiry(session)
    if reminded or expired:
        ctx.wake_sender()


def run_expiry(session: Session) -> tuple[int, int]:
    """Reminders and take-downs, one message per company and run; returns the vacancies acted on."""
    now = clock.now()
    due = vacancies.due_for_reminder(session, at=now)
    # Vacancies of the same company ending a day later join this reminder instead of needing their own.
    soon = vacancies.due_for_reminder(session, at=now, before=vacancies.REMINDER_BEFORE + BATCH_AHEAD)
    companies = {row.employer_id for row in due}
    reminded = [row for row in soon if row.employer_id in companies]
    for employer_id, rows in _by_employer(reminded).items():
        employment_notices.remind_expiry(session, employer_id=employer_id, rows=rows)
        for vacancy in rows:
            vacancy.reminded_at = now
            session.add(vacancy)
    gone = vacancies.due_for_expiry(session, at=now)
    for employer_id, rows in _by_employer(gone).items():
        for vacancy in rows:
            vacancies.close(session, vacancy=vacancy, status="expired")
        employment_notices.announce_expired(session, employer_id=employer_id, rows=rows)
    return len(reminded), len(gone)


def _by_employer(rows: list[Vacancy]) -> dict[int, list[Vacancy]]:
    grouped: dict[int, list[Vacancy]] = defaultdict(list)
    for row in rows:
        grouped[row.employer_id].append(row)
    return grouped


def push_matches(ctx: AppContext) -> None:
    """Workers whose completion was recorded get their best matches, once per completion."""
    with ctx.db.session() as session:
        pushed = run_pushes(session)
    if pushed:
        ctx.wake_sender()


def run_pushes(session: Session) -> int:
    since = clock.now() - PUSH_WINDOW
    stmt = (
        select(Enrolment.id, Worker.openid)
        .join(Worker, col(Worker.id) == col(Enrolment.worker_id))
        .where(col(Enrolment.completed_at).is_not(None), col(Enrolment.completed_at) >= since)
        .order_by(col(Enrolment.id))
    )
    done = job_seekers.pushed_keys(session)
    sent = 0
    for enrolment_id, openid in session.exec(stmt).all():
        key = f"enrolment:{enrolment_id}"
        if key in done or not job_seekers.claim_push(session, key=key, openid=openid):
            continue
        pref = job_seekers.preference(session, openid=openid)
        if pref is not None and pref.opted_out:
            continue
        suggestions = matching_service.suggestions_for(session, openid=openid, k=PUSH_RESULTS)
        if not suggestions:
            continue
        ids = [s.vacancy.id for s in suggestions if s.vacancy.id is not None]
        pref = job_seekers.preference_or_new(session, openid=openid)
        pref.last_shown = ids
        job_seekers.save_preference(session, pref=pref)
        record = session.get(MatchPush, key)
        if record is not None:
            record.vacancy_ids = ids
            session.add(record)
        text = t("job_push", items=employment_notices.result_items(suggestions))
        employment_notices.push_to_worker(session, key=f"match-push:{key}", openid=openid, text=text)
        sent += 1
    return sent
