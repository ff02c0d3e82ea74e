"""Data functions for job seekers: preferences, the last list shown, interests, completion pushes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot import clock
from bot.store.employer_models import JobInterest, JobPreference, MatchPush
from bot.store.upsert import insert_ignore

CONSENT_PREFIX = "share_contact:employer:"
MATCHING_PURPOSE = "job_matching"


def share_purpose(employer_id: int) -> str:
    """The consent purpose for giving one employer a worker's name and phone."""
    return f"{CONSENT_PREFIX}{employer_id}"


def preference(session: Session, *, openid: str) -> JobPreference | None:
    return session.exec(select(JobPreference).where(JobPreference.openid == openid)).first()


def preference_or_new(session: Session, *, openid: str) -> JobPreference:
    insert_ignore(
        session,
        JobPreference,
        {
            "openid": openid,
            "opted_out": False,
            "pay_asked": False,
            "last_shown": [],
            "updated_at": clock.now(),
        },
    )
    found = preference(session, openid=openid)
    assert found is not None
    return found


def save_preference(session: Session, *, pref: JobPreference) -> None:
    pref.updated_at = clock.now()
    pref.last_shown = list(pref.last_shown)  # a new list, so SQLAlchemy sees the JSON change
    session.add(pref)


def all_preferences(session: Session) -> list[JobPreference]:
    return list(session.exec(select(JobPreference).order_by(col(JobPreference.id))))


def interest(session: Session, *, openid: str, vacancy_id: int) -> JobInterest | None:
    stmt = select(JobInterest).where(JobInterest.openid == openid, JobInterest.vacancy_id == vacancy_id)
    return session.exec(stmt).first()


def record_interest(session: Session, *, openid: str, vacancy_id: int, employer_id: int) -> JobInterest:
    insert_ignore(
        session,
        JobInterest,
        {
            "openid": openid,
            "vacancy_id": vacancy_id,
            "employer_id": employer_id,
            "status": "asked",
            "created_at": clock.now(),
        },
    )
    found = interest(session, openid=openid, vacancy_id=vacancy_id)
    assert found is not None
    return found


def set_interest_status(session: Session, *, item: JobInterest, status: str) -> None:
    item.status = status
    if status == "shared":
        item.shared_at = clock.now()
    session.add(item)


def shared_with(session: Session, *, employer_id: int) -> list[JobInterest]:
    """Interests whose contact details this employer has received (consent given)."""
    stmt = select(JobInterest).where(JobInterest.employer_id == employer_id, JobInterest.status == "shared")
    return list(session.exec(stmt.order_by(col(JobInterest.id))))


def claim_push(session: Session, *, key: str, openid: str) -> bool:
    """True exactly once per key, however many schedulers run the job."""
    return insert_ignore(
        session, MatchPush, {"key": key, "openid": openid, "vacancy_ids": [], "pushed_at": clock.now()}
    )


def pushed_keys(session: Session) -> set[str]:
    return set(session.exec(select(MatchPush.key)))
