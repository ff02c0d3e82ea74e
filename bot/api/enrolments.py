"""Staff API: enrolments, their history, marks (到课, 结业, 取证) and cancellation by staff."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from bot.api.deps import Limit, Offset, RowId, SessionDep, StaffDep
from bot.services.training import cancel_enrolment
from bot.store import training as store
from bot.store.training_models import Course, Enrolment

router = APIRouter(prefix="/enrolments", tags=["培训：报名"])


class EventPublic(BaseModel):
    kind: str
    actor: str
    at: datetime
    note: str | None


class EnrolmentPublic(BaseModel):
    id: int
    course: str
    worker_id: int | None  # None: the worker erased their data
    status: str
    waitlist_position: int | None
    queued_at: datetime
    attended_at: datetime | None
    completed_at: datetime | None
    certified_at: datetime | None
    certificate_no: str | None
    events: list[EventPublic] = Field(default_factory=list)


class Marks(BaseModel):
    """Only the marks given change; false clears a mark given by mistake."""

    attended: bool | None = None
    completed: bool | None = None
    certified: bool | None = None
    certificate_no: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=500)


class CancelBody(BaseModel):
    note: str | None = Field(default=None, max_length=500)


def public(session: SessionDep, enrolment: Enrolment, *, with_events: bool = False) -> EnrolmentPublic:
    assert enrolment.id is not None
    course = session.get(Course, enrolment.course_id)
    events = (
        [
            EventPublic.model_validate(e, from_attributes=True)
            for e in store.events_of(session, enrolment_id=enrolment.id)
        ]
        if with_events
        else []
    )
    position = (
        store.waitlist_position(session, enrolment=enrolment) if enrolment.status == "waitlisted" else None
    )
    return EnrolmentPublic(
        id=enrolment.id,
        course=course.code if course else "",
        worker_id=enrolment.worker_id,
        status=enrolment.status,
        waitlist_position=position,
        queued_at=enrolment.queued_at,
        attended_at=enrolment.attended_at,
        completed_at=enrolment.completed_at,
        certified_at=enrolment.certified_at,
        certificate_no=enrolment.certificate_no,
        events=events,
    )


def _enrolment(session: SessionDep, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这条报名")
    return enrolment


@router.get("", response_model=list[EnrolmentPublic], summary="报名列表（可按课程、状态筛选）")
def list_enrolments(
    session: SessionDep,
    _: StaffDep,
    course: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> list[EnrolmentPublic]:
    course_row = store.get_course(session, code=course) if course else None
    if course and course_row is None:
        return []
    rows = store.list_enrolments(
        session,
        course_id=course_row.id if course_row else None,
        status=status_,
        limit=min(limit, 1000),
        offset=offset,
    )
    return [public(session, e) for e in rows]


@router.get("/{enrolment_id}", response_model=EnrolmentPublic, summary="一条报名及其全部记录")
def get_enrolment(enrolment_id: RowId, session: SessionDep, _: StaffDep) -> EnrolmentPublic:
    return public(session, _enrolment(session, enrolment_id), with_events=True)


@router.post("/{enrolment_id}/marks", response_model=EnrolmentPublic, summary="登记到课、结业、取证")
def mark(enrolment_id: RowId, marks: Marks, session: SessionDep, actor: StaffDep) -> EnrolmentPublic:
    enrolment = _enrolment(session, enrolment_id)
    if enrolment.status != "enrolled" and (marks.attended or marks.completed or marks.certified):
        raise HTTPException(status.HTTP_409_CONFLICT, "只有已报名（非候补、非取消）的学员可以登记")
    store.mark(
        session,
        enrolment=enrolment,
        actor=f"staff:{actor}",
        attended=marks.attended,
        completed=marks.completed,
        certified=marks.certified,
        certificate_no=marks.certificate_no,
        note=marks.note,
    )
    return public(session, enrolment, with_events=True)


@router.post(
    "/{enrolment_id}/cancel", response_model=EnrolmentPublic, summary="工作人员取消报名（自动递补候补）"
)
def cancel(enrolment_id: RowId, body: CancelBody, session: SessionDep, actor: StaffDep) -> EnrolmentPublic:
    enrolment = _enrolment(session, enrolment_id)
    cancel_enrolment(session, enrolment=enrolment, actor=f"staff:{actor}", note=body.note)
    return public(session, enrolment, with_events=True)
