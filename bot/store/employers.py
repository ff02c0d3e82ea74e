"""Data functions for employers, the people acting for them, and colleague invite codes."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from bot import clock
from bot.store.employer_models import Employer, EmployerInvite, EmployerMember
from bot.store.upsert import insert_ignore

INVITE_VALID = timedelta(hours=24)


class InviteError(ValueError):
    """Why a code cannot be used: the text is shown to the user."""


def member_of(session: Session, *, openid: str) -> EmployerMember | None:
    return session.exec(select(EmployerMember).where(EmployerMember.openid == openid)).first()


def employer_of(session: Session, *, openid: str) -> Employer | None:
    """The employer this WeChat user acts for, if any."""
    member = member_of(session, openid=openid)
    return session.get(Employer, member.employer_id) if member else None


def get(session: Session, *, employer_id: int) -> Employer | None:
    return session.get(Employer, employer_id)


def by_credit_code(session: Session, *, credit_code: str) -> Employer | None:
    return session.exec(select(Employer).where(Employer.credit_code == credit_code)).first()


def register(
    session: Session,
    *,
    openid: str,
    name: str,
    credit_code: str,
    contact_name: str,
    contact_phone: str,
    city: str,
    county: str | None,
) -> Employer:
    """A new employer, pending approval, with the registering user as its first member."""
    employer = Employer(
        name=name,
        credit_code=credit_code,
        contact_name=contact_name,
        contact_phone=contact_phone,
        city=city,
        county=county,
        status="pending",
        created_at=clock.now(),
    )
    session.add(employer)
    session.flush()
    assert employer.id is not None
    add_member(session, employer_id=employer.id, openid=openid, role="owner")
    return employer


def add_member(session: Session, *, employer_id: int, openid: str, role: str) -> bool:
    """Returns False when this user already acts for a company."""
    return insert_ignore(
        session,
        EmployerMember,
        {"employer_id": employer_id, "openid": openid, "role": role, "joined_at": clock.now()},
    )


def members(session: Session, *, employer_id: int) -> list[EmployerMember]:
    stmt = (
        select(EmployerMember)
        .where(EmployerMember.employer_id == employer_id)
        .order_by(col(EmployerMember.id))
    )
    return list(session.exec(stmt))


def list_employers(
    session: Session, *, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[Employer]:
    stmt = select(Employer).order_by(col(Employer.id)).offset(offset).limit(limit)
    if status:
        stmt = stmt.where(Employer.status == status)
    return list(session.exec(stmt))


def set_status(session: Session, *, employer_id: int, status: str, actor: str) -> Employer | None:
    """Approve or reject; returns None for an unknown id."""
    employer = session.get(Employer, employer_id)
    if employer is None:
        return None
    employer.status = status
    if status == "approved":
        employer.approved_at, employer.approved_by = clock.now(), actor[:64]
    session.add(employer)
    return employer


def create_invite(session: Session, *, employer_id: int, created_by: str) -> EmployerInvite:
    """A fresh 6-digit code no other live invite uses."""
    now = clock.now()
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if _live_invite(session, code=code) is None:
            break
    invite = EmployerInvite(
        employer_id=employer_id, code=code, created_by=created_by, expires_at=now + INVITE_VALID
    )
    session.add(invite)
    session.flush()
    return invite


def _live_invite(session: Session, *, code: str) -> EmployerInvite | None:
    stmt = select(EmployerInvite).where(
        EmployerInvite.code == code,
        col(EmployerInvite.used_at).is_(None),
        EmployerInvite.expires_at > clock.now(),
    )
    return session.exec(stmt).first()


def redeem_invite(session: Session, *, code: str, openid: str) -> Employer:
    """Join the colleague to the invite's company; the code is spent. Raises InviteError."""
    if member_of(session, openid=openid) is not None:
        raise InviteError("already_member")
    stmt = select(EmployerInvite).where(
        EmployerInvite.code == code,
        col(EmployerInvite.used_at).is_(None),
        EmployerInvite.expires_at > clock.now(),
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    invite = session.exec(stmt).first()
    if invite is None:
        raise InviteError("invalid")
    invite.used_at, invite.used_by = clock.now(), openid
    session.add(invite)
    add_member(session, employer_id=invite.employer_id, openid=openid, role="colleague")
    employer = session.get(Employer, invite.employer_id)
    assert employer is not None
    return employer
