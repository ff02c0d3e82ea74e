"""Data functions of training: workers, catalogue rows, seats, enrolments and their events.

Seats are counted with the course row locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` already serialises writers), so the last seat goes to exactly one worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot import clock
from bot.store.training_models import ACTIVE_STATUSES, Brand, Course, Enrolment, EnrolmentEvent, Worker
from bot.store.upsert import insert_ignore

EnrolResult = Literal["enrolled", "waitlisted", "already"]


@dataclass(frozen=True)
class Seats:
    capacity: int
    enrolled: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.enrolled)


# -- workers ---------------------------------------------------------------------------------------


def get_worker(session: Session, *, openid: str) -> Worker | None:
    return session.exec(select(Worker).where(Worker.openid == openid)).first()


def get_worker_by_id(session: Session, *, worker_id: int) -> Worker | None:
    return session.get(Worker, worker_id)


def save_worker(session: Session, *, openid: str, profile: dict[str, Any]) -> Worker:
    """Create or update the worker's profile from the fields given (others are kept)."""
    worker = get_worker(session, openid=openid)
    now = clock.now()
    if worker is None:
        insert_ignore(
            session,
            Worker,
            {
                "openid": openid,
                "name": profile["name"],
                "phone": profile["phone"],
                "created_at": now,
                "updated_at": now,
            },
        )
        worker = session.exec(select(Worker).where(Worker.openid == openid)).one()
    for field in ("name", "phone", "id_sealed", "id_index", "id_masked", "city", "county", "priority_group"):
        if field in profile:
            setattr(worker, field, profile[field])
    worker.updated_at = now
    session.add(worker)
    session.flush()
    return worker


def list_workers(session: Session, *, limit: int = 100, offset: int = 0) -> Sequence[Worker]:
    return session.exec(select(Worker).order_by(col(Worker.id)).limit(limit).offset(offset)).all()


def workers_with_id_index(session: Session, *, id_index: str) -> Sequence[Worker]:
    return session.exec(select(Worker).where(Worker.id_index == id_index)).all()


# -- catalogue -------------------------------------------------------------------------------------


def get_brand(session: Session, *, code: str) -> Brand | None:
    return session.exec(select(Brand).where(Brand.code == code)).first()


def list_brands(session: Session) -> Sequence[Brand]:
    return session.exec(select(Brand).order_by(col(Brand.id))).all()


def get_course(session: Session, *, code: str) -> Course | None:
    return session.exec(select(Course).where(Course.code == code)).first()


def list_courses(
    session: Session,
    *,
    open_on: date | None = None,
    brand_id: int | None = None,
    city: str | None = None,
    kind: str | None = None,
) -> Sequence[Course]:
    """Courses, soonest first; ``open_on`` keeps those still taking enrolments that day."""
    stmt = select(Course)
    if open_on is not None:
        stmt = stmt.where(col(Course.enrol_deadline) >= open_on)
    if brand_id is not None:
        stmt = stmt.where(Course.brand_id == brand_id)
    if city:
        stmt = stmt.where(Course.city == city)
    if kind:
        stmt = stmt.where(Course.kind == kind)
    return session.exec(stmt.order_by(col(Course.start_date), col(Course.id))).all()


def brands_by_id(session: Session) -> dict[int, Brand]:
    return {b.id: b for b in list_brands(session) if b.id is not None}


def seat_counts(session: Session, *, course_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """course id → (enrolled, waitlisted)."""
    if not course_ids:
        return {}
    rows = session.exec(
        select(Enrolment.course_id, Enrolment.status, func.count())
        .where(col(Enrolment.course_id).in_(list(course_ids)), col(Enrolment.status).in_(ACTIVE_STATUSES))
        .group_by(col(Enrolment.course_id), col(Enrolment.status))
    ).all()
    counts = {cid: [0, 0] for cid in course_ids}
    for course_id, status, n in rows:
        counts[course_id][0 if status == "enrolled" else 1] = n
    return {cid: (e, w) for cid, (e, w) in counts.items()}


def seats(session: Session, *, course: Course) -> Seats:
    assert course.id is not None
    enrolled, waitlisted = seat_counts(session, course_ids=[course.id])[course.id]
    return Seats(course.capacity, enrolled, waitlisted)


def lock_course(session: Session, *, course_id: int) -> Course:
    """The course row, locked until commit, so seats are counted by one transaction at a time."""
    stmt = select(Course).where(Course.id == course_id).execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.exec(stmt).one()


# -- enrolments ------------------------------------------------------------------------------------


def add_event(
    session: Session, *, enrolment: Enrolment, kind: str, actor: str, note: str | None = None
) -> EnrolmentEvent:
    assert enrolment.id is not None
    event = EnrolmentEvent(enrolment_id=enrolment.id, kind=kind, actor=actor[:80], at=clock.now(), note=note)
    session.add(event)
    session.flush()
    return event


def get_enrolment(session: Session, *, worker_id: int, course_id: int) -> Enrolment | None:
    return session.exec(
        select(Enrolment).where(Enrolment.worker_id == worker_id, Enrolment.course_id == course_id)
    ).first()


def enrol(
    session: Session, *, worker_id: int, course_id: int, actor: str = "worker"
) -> tuple[Enrolment, EnrolResult]:
    """Take a seat, or a place on the waiting list when the course is full; idempotent per worker."""
    course = lock_course(session, course_id=course_id)
    existing = get_enrolment(session, worker_id=worker_id, course_id=course_id)
    if existing is not None and existing.status in ACTIVE_STATUSES:
        return existing, "already"
    status: Literal["enrolled", "waitlisted"] = (
        "enrolled" if seats(session, course=course).free > 0 else "waitlisted"
    )
    now = clock.now()
    if existing is None:
        insert_ignore(
            session,
            Enrolment,
            {
                "worker_id": worker_id,
                "course_id": course_id,
                "status": status,
                "queued_at": now,
                "created_at": now,
                "updated_at": now,
            },
        )
        enrolment = get_enrolment(session, worker_id=worker_id, course_id=course_id)
        assert enrolment is not None
    else:  # enrolling again after cancelling: same row, back of the queue
        enrolment = existing
        enrolment.status, enrolment.queued_at, enrolment.cancelled_at, enrolment.updated_at = (
            status,
            now,
            None,
            now,
        )
        session.add(enrolment)
        session.flush()
    add_event(session, enrolment=enrolment, kind=status, actor=actor)
    return enrolment, status


def waitlist_position(session: Session, *, enrolment: Enrolment) -> int:
    """1 for the first in line."""
    ahead = session.exec(
        select(func.count())
        .select_from(Enrolment)
        .where(
            Enrolment.course_id == enrolment.course_id,
            Enrolment.status == "waitlisted",
            col(Enrolment.queued_at) < enrolment.queued_at,
        )
    ).one()
    return int(ahead) + 1


def cancel(session: Session, *, enrolment: Enrolment, actor: str, note: str | None = None) -> list[Enrolment]:
    """Cancel; a freed seat goes to the first on the waiting list. Returns the promoted enrolments."""
    lock_course(session, course_id=enrolment.course_id)
    session.refresh(enrolment)
    if enrolment.status not in ACTIVE_STATUSES:
        return []
    now = clock.now()
    enrolment.status, enrolment.cancelled_at, enrolment.updated_at = "cancelled", now, now
    session.add(enrolment)
    session.flush()
    add_event(session, enrolment=enrolment, kind="cancelled", actor=actor, note=note)
    return fill_free_seats(session, course_id=enrolment.course_id)


def fill_free_seats(session: Session, *, course_id: int) -> list[Enrolment]:
    """Promote waiting workers, first come first served, while seats are free (course row locked)."""
    course = lock_course(session, course_id=course_id)
    free = seats(session, course=course).free
    if free <= 0:
        return []
    waiting = session.exec(
        select(Enrolment)
        .where(Enrolment.course_id == course_id, Enrolment.status == "waitlisted")
        .order_by(col(Enrolment.queued_at), col(Enrolment.id))
        .limit(free)
    ).all()
    now = clock.now()
    for enrolment in waiting:
        enrolment.status, enrolment.updated_at = "enrolled", now
        session.add(enrolment)
        session.flush()
        add_event(session, enrolment=enrolment, kind="promoted", actor="system")
    return list(waiting)


def worker_enrolments(
    session: Session, *, worker_id: int, active_only: bool = False
) -> list[tuple[Enrolment, Course]]:
    stmt = (
        select(Enrolment, Course)
        .join(Course, col(Course.id) == Enrolment.course_id)
        .where(Enrolment.worker_id == worker_id)
    )
    if active_only:
        stmt = stmt.where(col(Enrolment.status).in_(ACTIVE_STATUSES))
    return [(e, c) for e, c in session.exec(stmt.order_by(col(Course.start_date), col(Enrolment.id))).all()]


def list_enrolments(
    session: Session,
    *,
    course_id: int | None = None,
    status: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> Sequence[Enrolment]:
    stmt = select(Enrolment)
    if course_id is not None:
        stmt = stmt.where(Enrolment.course_id == course_id)
    if status:
        stmt = stmt.where(Enrolment.status == status)
    return session.exec(stmt.order_by(col(Enrolment.id)).limit(limit).offset(offset)).all()


def roster(session: Session, *, course_id: int) -> list[tuple[Enrolment, Worker | None]]:
    """Everyone who enrolled in a course (seat holders first, then the waiting list, then cancelled)."""
    rows = session.exec(
        select(Enrolment, Worker)
        .join(Worker, col(Worker.id) == Enrolment.worker_id, isouter=True)
        .where(Enrolment.course_id == course_id)
        .order_by(col(Enrolment.queued_at), col(Enrolment.id))
    ).all()
    order = {"enrolled": 0, "waitlisted": 1, "cancelled": 2}
    return sorted(((e, w) for e, w in rows), key=lambda row: order.get(row[0].status, 3))


def events_of(session: Session, *, enrolment_id: int) -> Sequence[EnrolmentEvent]:
    return session.exec(
        select(EnrolmentEvent)
        .where(EnrolmentEvent.enrolment_id == enrolment_id)
        .order_by(col(EnrolmentEvent.at), col(EnrolmentEvent.id))
    ).all()


MARKS = ("attended", "completed", "certified")


def mark(
    session: Session,
    *,
    enrolment: Enrolment,
    actor: str,
    attended: bool | None = None,
    completed: bool | None = None,
    certified: bool | None = None,
    certificate_no: str | None = None,
    note: str | None = None,
) -> list[str]:
    """Set or clear attendance, completion and certificate; each change is an event. Returns the kinds."""
    now = clock.now()
    changed: list[str] = []
    for name, value in (("attended", attended), ("completed", completed), ("certified", certified)):
        if value is None:
            continue
        current = getattr(enrolment, f"{name}_at")
        if value and current is None:
            setattr(enrolment, f"{name}_at", now)
            changed.append(name)
        elif not value and current is not None:
            setattr(enrolment, f"{name}_at", None)
            changed.append(f"{name}_cleared")
    if certificate_no is not None and certificate_no != (enrolment.certificate_no or ""):
        enrolment.certificate_no = certificate_no or None
        if "certified" not in changed:
            changed.append("certificate_no")
    if changed:
        enrolment.updated_at = now
        session.add(enrolment)
        session.flush()
        for kind in changed:
            add_event(session, enrolment=enrolment, kind=kind, actor=actor, note=note)
    return changed


def completed_training(session: Session, *, worker_id: int) -> list[tuple[str | None, str | None, bool]]:
    """What a worker has been trained in, for matching: (occupation code, certificate type, certified)."""
    rows = session.exec(
        select(Course.occupation_code, Course.certificate_type, Enrolment.certified_at)
        .join(Enrolment, col(Enrolment.course_id) == Course.id)
        .where(
            Enrolment.worker_id == worker_id,
            Enrolment.status == "enrolled",
            (col(Enrolment.completed_at).is_not(None)) | (col(Enrolment.certified_at).is_not(None)),
        )
        .order_by(col(Enrolment.id))
    ).all()
    return [(code, cert_type, certified_at is not None) for code, cert_type, certified_at in rows]
