"""Staff endpoints for vacancies: list them with their status."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from bot.api.deps import Limit, Offset, SessionDep
from bot.store import vacancies
from bot.store.employer_models import Vacancy

router = APIRouter(prefix="/vacancies", tags=["vacancies"])


class VacancyPublic(BaseModel):
    id: int
    employer_id: int
    occupation: str
    occupation_code: str
    headcount: int | None
    city: str
    county: str | None
    salary_min: int | None
    salary_max: int | None
    salary_period: str | None
    salary_negotiable: bool
    phone: str | None
    benefits: list[str]
    requirements: list[str]
    status: str
    posted_at: datetime
    expires_at: datetime


def public(row: Vacancy) -> VacancyPublic:
    return VacancyPublic.model_validate(row, from_attributes=True)


@router.get("", response_model=list[VacancyPublic])
def list_vacancies(
    session: SessionDep,
    status: str | None = None,
    employer_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[VacancyPublic]:
    """Vacancies, filtered by status (open, filled, expired) and employer."""
    rows = vacancies.list_vacancies(
        session, status=status, employer_id=employer_id, limit=min(limit, 500), offset=offset
    )
    return [public(row) for row in rows]
