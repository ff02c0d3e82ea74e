"""Erasure of employment data: job preferences, interests and pushes go; employer contacts are blanked."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select, update

from bot.outbound.outbox import OPEN_STATUSES
from bot.services import erasure
from bot.store.employer_models import (
    Employer,
    EmployerInvite,
    EmployerMember,
    JobInterest,
    JobPreference,
    MatchPush,
    Vacancy,
)
from bot.store.models import OutboxMessage

REDACTED = {"msgtype": "text", "text": "（求职者已删除个人信息）"}


@erasure.register
def erase_employment(session: Session, openid: str) -> None:
    session.exec(delete(JobPreference).where(col(JobPreference.openid) == openid))
    _redact_shared_contacts(session, openid)
    session.exec(delete(JobInterest).where(col(JobInterest.openid) == openid))
    session.exec(delete(MatchPush).where(col(MatchPush.openid) == openid))
    member = session.exec(select(EmployerMember).where(EmployerMember.openid == openid)).first()
    if member is not None:
        # The company and its vacancies are business records; the person's name and phone are not.
        employer = session.get(Employer, member.employer_id)
        if employer is not None and employer.contact_phone:
            session.exec(
                update(Vacancy)
                .where(col(Vacancy.employer_id) == employer.id, col(Vacancy.phone) == employer.contact_phone)
                .values(phone=None)
            )
            if member.role == "owner":
                employer.contact_name, employer.contact_phone = None, None
                session.add(employer)
        session.exec(delete(EmployerMember).where(col(EmployerMember.openid) == openid))
    session.exec(update(Vacancy).where(col(Vacancy.posted_by) == openid).values(posted_by=None))
    session.exec(delete(EmployerInvite).where(col(EmployerInvite.created_by) == openid))
    session.exec(update(EmployerInvite).where(col(EmployerInvite.used_by) == openid).values(used_by=None))


def _redact_shared_contacts(session: Session, openid: str) -> None:
    """Messages that carried this worker's name and phone to employers keep no copy of them."""
    ids = list(session.exec(select(JobInterest.id).where(JobInterest.openid == openid)))
    for interest_id in ids:
        rows = col(OutboxMessage.idempotency_key).startswith(f"interest:{interest_id}:")
        session.exec(
            update(OutboxMessage)
            .where(rows, col(OutboxMessage.status).in_(OPEN_STATUSES))
            .values(status="cancelled", last_error="erased")
        )
        session.exec(update(OutboxMessage).where(rows).values(payload=REDACTED))
