"""Staff endpoint for batch matching: an allocation over every visible vacancy (nothing is sent)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from bot.api.deps import SessionDep
from bot.services import matching_service

router = APIRouter(prefix="/matching", tags=["matching"])


class AssignmentPublic(BaseModel):
    worker_id: int  # user.id
    vacancy_id: int
    score: float


class AllocationPublic(BaseModel):
    assignments: list[AssignmentPublic]
    vacancies: int
    filled_places: int


@router.post("/allocate", response_model=AllocationPublic)
def allocate(session: SessionDep) -> AllocationPublic:
    """Propose workers for vacancy places; no vacancy gets more than its headcount."""
    found = matching_service.allocation(session)
    return AllocationPublic(
        assignments=[
            AssignmentPublic(worker_id=a.worker_id, vacancy_id=a.vacancy_id, score=round(a.score, 3))
            for a in found
        ],
        vacancies=len({a.vacancy_id for a in found}),
        filled_places=len(found),
    )
