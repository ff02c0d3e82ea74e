"""Staff endpoints for employers: list them, approve or reject a registration."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel

from bot.api.deps import Limit, Offset, RowId, SessionDep, StaffDep
from bot.privacy import mask_name, mask_phone
from bot.services import employment_notices
from bot.store import employers
from bot.store.employer_models import Employer

router = APIRouter(prefix="/employers", tags=["employers"])


class EmployerPublic(BaseModel):
    id: int
    name: str
    credit_code: str
    contact_name: str | None  # masked
    contact_phone: str | None  # masked
    city: str
    county: str | None
    status: str
    created_at: datetime
    approved_at: datetime | None
    members: int


def public(employer: Employer, members: int) -> EmployerPublic:
    assert employer.id is not None
    return EmployerPublic(
        id=employer.id,
        name=employer.name,
        credit_code=employer.credit_code,
        contact_name=mask_name(employer.contact_name) if employer.contact_name else None,
        contact_phone=mask_phone(employer.contact_phone) if employer.contact_phone else None,
        city=employer.city,
        county=employer.county,
        status=employer.status,
        created_at=employer.created_at,
        approved_at=employer.approved_at,
        members=members,
    )


def _public(session: SessionDep, employer: Employer) -> EmployerPublic:
    assert employer.id is not None
    return public(employer, len(employers.members(session, employer_id=employer.id)))


@router.get("", response_model=list[EmployerPublic])
def list_employers(
    session: SessionDep, status_filter: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[EmployerPublic]:
    """Employers, optionally only one status (``?status_filter=pending``)."""
    rows = employers.list_employers(session, status=status_filter, limit=min(limit, 500), offset=offset)
    return [_public(session, row) for row in rows]


@router.post("/{employer_id}/approve", response_model=EmployerPublic)
def approve(employer_id: RowId, session: SessionDep, actor: StaffDep) -> EmployerPublic:
    """Approve: the employer's open vacancies start reaching workers, and its members are told."""
    employer = employment_notices.approve(session, employer_id=employer_id, actor=actor)
    if employer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这个企业")
    return _public(session, employer)


@router.post("/{employer_id}/reject", response_model=EmployerPublic)
def reject(employer_id: RowId, session: SessionDep, actor: StaffDep) -> EmployerPublic:
    """Reject: nothing of this employer reaches workers, and its members are told."""
    employer = employment_notices.reject(session, employer_id=employer_id, actor=actor)
    if employer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这个企业")
    return _public(session, employer)
