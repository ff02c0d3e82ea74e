"""Messages employers and workers get outside a reply: approval, shared contacts, expiry, pushes.

All go through the outbox, keyed so that running a job or a step twice sends once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, update

from bot import clock
from bot.outbound import outbox
from bot.services import vacancy_draft
from bot.store import employers, job_seekers, vacancies
from bot.store.employer_models import Employer, JobInterest, Vacancy
from bot.store.models import OutboxMessage

if TYPE_CHECKING:
    from bot.services.matching_service import Suggestion
from content.messages import t

LOCAL = ZoneInfo("Asia/Shanghai")


def local_date(when: datetime) -> str:
    return when.astimezone(LOCAL).strftime("%m月%d日")


def tell_employer(session: Session, *, employer_id: int, key: str, text: str) -> int:
    """Send to every member of the company; returns how many were told."""
    found = employers.members(session, employer_id=employer_id)
    for member in found:
        outbox.send_text(session, key=f"{key}:{member.openid}", openid=member.openid, text=text)
    return len(found)


def approve(session: Session, *, employer_id: int, actor: str) -> Employer | None:
    """Approve an employer and tell its members; their open vacancies become visible at once."""
    employer = employers.get(session, employer_id=employer_id)
    if employer is None:
        return None
    if employer.status != "approved":
        employers.set_status(session, employer_id=employer_id, status="approved", actor=actor)
        # Vacancies saved while waiting get their full 30 days from the day workers can see them.
        for vacancy in vacancies.open_for_employer(session, employer_id=employer_id):
            vacancies.renew(session, vacancy=vacancy)
        tell_employer(
            session,
            employer_id=employer_id,
            key=f"employer-approved:{employer_id}",
            text=t("emp_approved_notice", company=employer.name),
        )
    return employer


def reject(session: Session, *, employer_id: int, actor: str) -> Employer | None:
    """Reject a registration and tell its members why nothing of theirs reaches workers."""
    employer = employers.get(session, employer_id=employer_id)
    if employer is None:
        return None
    if employer.status != "rejected":
        employers.set_status(session, employer_id=employer_id, status="rejected", actor=actor)
        tell_employer(
            session,
            employer_id=employer_id,
            key=f"employer-rejected:{employer_id}:{clock.now():%Y%m%d%H%M}",
            text=t("emp_rejected_notice", company=employer.name),
        )
    return employer


def share_contact(
    session: Session, *, item: JobInterest, vacancy: Vacancy, name: str, phone: str, reasons: list[str]
) -> None:
    """The worker consented: the employer gets their name and phone, once per interest."""
    job_seekers.set_interest_status(session, item=item, status="shared")
    text = t(
        "emp_interest_notice",
        summary=vacancy_draft.summary(vacancy_draft.from_row(vacancy)),
        name=name,
        phone=phone,
        reasons="｜".join(reasons[:3]) or "",
    )
    tell_employer(session, employer_id=vacancy.employer_id, key=f"interest:{item.id}", text=text.strip())


def _expiry_items(rows: list[Vacancy]) -> str:
    return "\n".join(
        t(
            "vac_expiry_item",
            summary=vacancy_draft.summary(vacancy_draft.from_row(row)),
            date=local_date(row.expires_at),
        )
        for row in rows
    )


def _batch_key(kind: str, employer_id: int, rows: list[Vacancy]) -> str:
    first = min(row.id or 0 for row in rows)
    return f"{kind}:{employer_id}:{first}+{len(rows)}:{clock.now():%Y%m%d%H}"


def remind_expiry(session: Session, *, employer_id: int, rows: list[Vacancy]) -> None:
    """One message per member for all of a company's vacancies about to end (the budget is 5 in 48 h)."""
    tell_employer(
        session,
        employer_id=employer_id,
        key=_batch_key("vacancy-reminder", employer_id, rows),
        text=t("vac_reminder", items=_expiry_items(rows)),
    )


def announce_expired(session: Session, *, employer_id: int, rows: list[Vacancy]) -> None:
    """Say which vacancies were taken down; a reminder still waiting to be sent would only confuse."""
    session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.idempotency_key).startswith(f"vacancy-reminder:{employer_id}:"),
            col(OutboxMessage.status).in_(outbox.OPEN_STATUSES),
        )
        .values(status="cancelled", last_error="superseded by the expiry notice")
    )
    items = "\n".join(f"• {vacancy_draft.summary(vacancy_draft.from_row(row))}" for row in rows)
    tell_employer(
        session,
        employer_id=employer_id,
        key=_batch_key("vacancy-expired", employer_id, rows),
        text=t("vac_expired", items=items),
    )


def push_to_worker(session: Session, *, key: str, openid: str, text: str) -> None:
    outbox.send_text(session, key=key, openid=openid, text=text)


def result_items(suggestions: list[Suggestion]) -> str:
    return "\n".join(
        t(
            "job_result_item",
            n=n,
            summary=vacancy_draft.summary(vacancy_draft.from_row(s.vacancy)),
            company=s.employer.name,
            reasons="｜".join(s.reasons[:3]),
        )
        for n, s in enumerate(suggestions, 1)
    )
