"""Data functions for vacancies: post, edit, close, expire, and what workers may see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot import clock
from bot.privacy import mask_text
from bot.store.employer_models import Employer, Vacancy

VACANCY_LIFETIME = timedelta(days=30)
REMINDER_BEFORE = timedelta(days=3)
EDITABLE = (
    "occupation",
    "occupation_code",
    "headcount",
    "city",
    "county",
    "salary_min",
    "salary_max",
    "salary_period",
    "salary_negotiable",
    "phone",
    "benefits",
    "requirements",
)


def post(
    session: Session, *, employer_id: int, posted_by: str, fields: dict[str, Any], raw_text: str
) -> Vacancy:
    """Store a confirmed draft; it runs for 30 days."""
    now = clock.now()
    vacancy = Vacancy(
        employer_id=employer_id,
        posted_by=posted_by,
        raw_text=mask_text(raw_text)[:2000],
        status="open",
        posted_at=now,
        expires_at=now + VACANCY_LIFETIME,
        updated_at=now,
        occupation=fields["occupation"],
        occupation_code=fields["occupation_code"],
        city=fields["city"],
    )
    update_fields(session, vacancy=vacancy, fields={k: v for k, v in fields.items() if v is not None})
    session.flush()
    return vacancy


def get(session: Session, *, vacancy_id: int) -> Vacancy | None:
    return session.get(Vacancy, vacancy_id)


def get_for_employer(session: Session, *, vacancy_id: int, employer_id: int) -> Vacancy | None:
    """A vacancy only if it belongs to this employer: one company never reaches another's."""
    vacancy = session.get(Vacancy, vacancy_id)
    return vacancy if vacancy is not None and vacancy.employer_id == employer_id else None


def open_for_employer(session: Session, *, employer_id: int) -> list[Vacancy]:
    stmt = (
        select(Vacancy)
        .where(Vacancy.employer_id == employer_id, Vacancy.status == "open")
        .order_by(col(Vacancy.posted_at).desc(), col(Vacancy.id).desc())
    )
    return list(session.exec(stmt))


def visible(session: Session) -> list[Vacancy]:
    """Open vacancies of approved employers: the only ones workers see or are matched with."""
    stmt = (
        select(Vacancy)
        .join(Employer, col(Employer.id) == col(Vacancy.employer_id))
        .where(Vacancy.status == "open", Employer.status == "approved", Vacancy.expires_at > clock.now())
        .order_by(col(Vacancy.id))
    )
    return list(session.exec(stmt))


def is_visible(session: Session, *, vacancy: Vacancy) -> bool:
    employer = session.get(Employer, vacancy.employer_id)
    return (
        vacancy.status == "open"
        and vacancy.expires_at > clock.now()
        and employer is not None
        and employer.status == "approved"
    )


def update_fields(session: Session, *, vacancy: Vacancy, fields: dict[str, Any]) -> Vacancy:
    for key in EDITABLE:
        if key in fields:
            setattr(vacancy, key, fields[key])
    vacancy.updated_at = clock.now()
    session.add(vacancy)
    return vacancy


def close(session: Session, *, vacancy: Vacancy, status: str = "filled") -> Vacancy:
    vacancy.status, vacancy.closed_at = status, clock.now()
    session.add(vacancy)
    return vacancy


def renew(session: Session, *, vacancy: Vacancy) -> Vacancy:
    """Another 30 days from now, with a new reminder before the end."""
    vacancy.expires_at = clock.now() + VACANCY_LIFETIME
    vacancy.reminded_at = None
    vacancy.updated_at = clock.now()
    session.add(vacancy)
    return vacancy


def due_for_reminder(session: Session, *, at: datetime, before: timedelta = REMINDER_BEFORE) -> list[Vacancy]:
    """Open vacancies not yet reminded that end within ``before`` of ``at``."""
    stmt = select(Vacancy).where(
        Vacancy.status == "open",
        col(Vacancy.reminded_at).is_(None),
        Vacancy.expires_at <= at + before,
        Vacancy.expires_at > at,
    )
    return list(session.exec(stmt.order_by(col(Vacancy.id))))


def due_for_expiry(session: Session, *, at: datetime) -> list[Vacancy]:
    stmt = select(Vacancy).where(Vacancy.status == "open", Vacancy.expires_at <= at)
    return list(session.exec(stmt.order_by(col(Vacancy.id))))


def list_vacancies(
    session: Session,
    *,
    status: str | None = None,
    employer_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Vacancy]:
    stmt = select(Vacancy).order_by(col(Vacancy.id)).offset(offset).limit(limit)
    if status:
        stmt = stmt.where(Vacancy.status == status)
    if employer_id is not None:
        stmt = stmt.where(Vacancy.employer_id == employer_id)
    return list(session.exec(stmt))
