"""Training services: the catalogue in the database, enrolment with seats and waiting list, cancelling
with promotion (the promoted worker is told through the outbox), and erasure of a worker's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, update

from bot import clock
from bot.privacy import mask_id_number
from bot.sealed import blind_index, seal, unseal
from bot.services import course_search, erasure
from bot.store import training as store
from bot.store import users
from bot.store.db import Database
from bot.store.training_models import Brand, Course, Enrolment, Worker
from content.catalogue import CATALOGUE_DIR, BrandSpec, CourseSpec, load_catalogue
from content.messages import t

CONSENT_PURPOSE = "training"
NOTICE_VERSION = "training-2026-11"
CHINA_OFFSET = timedelta(hours=8)


def today_cn() -> date:
    """The date in Shandong, which decides whether enrolment is still open."""
    return (clock.now() + CHINA_OFFSET).date()


def fmt_date(day: date) -> str:
    return (
        f"{day.month}月{day.day}日"
        if day.year == today_cn().year
        else f"{day.year}年{day.month}月{day.day}日"
    )


# -- catalogue -------------------------------------------------------------------------------------


def brand_values(spec: BrandSpec) -> dict[str, Any]:
    return {**spec.model_dump(), "updated_at": clock.now()}


def course_values(spec: CourseSpec, brand_id: int) -> dict[str, Any]:
    values = spec.model_dump(exclude={"brand", "keywords"})
    return {**values, "brand_id": brand_id, "keywords": "|".join(spec.keywords), "updated_at": clock.now()}


def apply_catalogue(
    session: Session,
    brands: list[BrandSpec],
    courses: list[CourseSpec],
    *,
    keep_staff_edits: bool = False,
    only_missing: bool = False,
) -> tuple[int, int]:
    """Insert or update brands and courses by code; with ``keep_staff_edits`` only demo rows are updated,
    with ``only_missing`` no existing row is.

    Returns how many brands and courses were written. A course whose capacity grew fills its free
    seats from the waiting list.
    """
    written_brands = written_courses = 0
    for spec in brands:
        brand = store.get_brand(session, code=spec.code)
        if brand is not None and (only_missing or (keep_staff_edits and not brand.demo)):
            continue
        brand = brand or Brand(code=spec.code, name=spec.name, type=spec.type, unit=spec.unit, city=spec.city)
        for key, value in brand_values(spec).items():
            setattr(brand, key, value)
        session.add(brand)
        written_brands += 1
    session.flush()
    for cspec in courses:
        brand = store.get_brand(session, code=cspec.brand)
        assert brand is not None and brand.id is not None, cspec.brand  # checked by cross_check
        course = store.get_course(session, code=cspec.code)
        if course is not None and (only_missing or (keep_staff_edits and not course.demo)):
            continue
        values = course_values(cspec, brand.id)
        if course is None:
            course = Course(**values)
        else:
            for key, value in values.items():
                setattr(course, key, value)
        session.add(course)
        session.flush()
        assert course.id is not None
        notify_promoted(session, store.fill_free_seats(session, course_id=course.id))
        written_courses += 1
    return written_brands, written_courses


def load_demo_catalogue(
    db: Database, directory: Path = CATALOGUE_DIR, *, refresh: bool = False
) -> tuple[int, int]:
    """Seed the database from the catalogue YAML; safe to run at every start.

    By default only rows not yet in the database are added, so a capacity staff changed through the
    API survives a restart; ``refresh`` also rewrites demo rows from the YAML (never staff's own rows).
    """
    catalogue = load_catalogue(directory)
    with db.session() as session:
        return apply_catalogue(
            session, catalogue.brands, catalogue.courses, keep_staff_edits=True, only_missing=not refresh
        )


def open_courses(session: Session) -> list[Course]:
    return list(store.list_courses(session, open_on=today_cn()))


def find_courses(session: Session, text: str) -> course_search.SearchResult:
    return course_search.search(
        open_courses(session), store.brands_by_id(session), course_search.parse_query(text)
    )


# -- personal data ---------------------------------------------------------------------------------


def sealed_id(number: str, *, secret: str) -> dict[str, str]:
    """The ID number as stored: sealed, blind-indexed, masked; never in clear."""
    return {
        "id_sealed": seal(number, secret=secret),
        "id_index": blind_index(number, secret=secret),
        "id_masked": mask_id_number(number),
    }


def worker_id_number(worker: Worker, *, secret: str) -> str | None:
    return unseal(worker.id_sealed, secret=secret) if worker.id_sealed else None


# -- enrolment -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolOutcome:
    status: str  # enrolled | waitlisted | already | closed | duplicate_id
    course: Course | None
    enrolment: Enrolment | None = None
    position: int = 0  # place on the waiting list


def submit_enrolment(
    session: Session, *, openid: str, course_code: str, profile: dict[str, Any]
) -> EnrolOutcome:
    """Save the profile and consent, then take a seat or a waiting-list place; all in one transaction."""
    course = store.get_course(session, code=course_code)
    if course is None or not course_search.is_open(course, today_cn()):
        return EnrolOutcome("closed", course)
    assert course.id is not None
    id_index = profile.get("id_index")
    if id_index:
        for other in store.workers_with_id_index(session, id_index=id_index):
            other_enrolment = store.get_enrolment(session, worker_id=other.id or 0, course_id=course.id)
            if other.openid != openid and other_enrolment and other_enrolment.status != "cancelled":
                return EnrolOutcome("duplicate_id", course)
    worker = store.save_worker(session, openid=openid, profile=profile)
    if not users.has_consent(session, openid=openid, purpose=CONSENT_PURPOSE):
        users.grant_consent(session, openid=openid, purpose=CONSENT_PURPOSE, notice_version=NOTICE_VERSION)
    assert worker.id is not None
    enrolment, result = store.enrol(session, worker_id=worker.id, course_id=course.id)
    position = (
        store.waitlist_position(session, enrolment=enrolment) if enrolment.status == "waitlisted" else 0
    )
    return EnrolOutcome(result, course, enrolment, position)


def cancel_enrolment(
    session: Session, *, enrolment: Enrolment, actor: str, note: str | None = None
) -> list[Enrolment]:
    """Cancel and promote the first on the waiting list, who is told at once."""
    promoted = store.cancel(session, enrolment=enrolment, actor=actor, note=note)
    notify_promoted(session, promoted)
    return promoted


def notify_promoted(session: Session, promoted: list[Enrolment]) -> None:
    for enrolment in promoted:
        worker = (
            store.get_worker_by_id(session, worker_id=enrolment.worker_id) if enrolment.worker_id else None
        )
        course = session.get(Course, enrolment.course_id)
        if worker is None or course is None:
            continue
        event_id = store.events_of(session, enrolment_id=enrolment.id or 0)[-1].id
        from bot.outbound import outbox

        outbox.send_text(
            session,
            key=f"training:promoted:{event_id}",
            openid=worker.openid,
            text=t(
                "training_promoted",
                title=course.title,
                start=fmt_date(course.start_date),
                venue=course.venue,
                bring=course.bring or t("training_bring_default"),
            ),
        )


# -- erasure ---------------------------------------------------------------------------------------


@erasure.register
def erase_training_data(session: Session, openid: str) -> None:
    """Cancel courses not yet started, keep enrolments only as anonymous counts, delete the profile."""
    worker = store.get_worker(session, openid=openid)
    if worker is None or worker.id is None:
        return
    today = today_cn()
    for enrolment, course in store.worker_enrolments(session, worker_id=worker.id, active_only=True):
        if course.start_date > today:
            cancel_enrolment(session, enrolment=enrolment, actor="worker")
    session.exec(update(Enrolment).where(col(Enrolment.worker_id) == worker.id).values(worker_id=None))
    session.delete(worker)
    session.flush()
