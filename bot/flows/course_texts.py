"""How courses and brands read on a phone: numbered short lines, five a page, and one detail screen."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot.services.training import fmt_date
from bot.store import training as store
from bot.store.training_models import Brand, Course
from content.messages import t

PAGE_SIZE = 5


def pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def seats_text(capacity: int, enrolled: int) -> str:
    free = capacity - enrolled
    return t("training_seats_free", free=free) if free > 0 else t("training_seats_full")


def place_of(course: Course) -> str:
    return course.city.removesuffix("市") + (course.county or "")


def course_lines(session: Session, codes: Sequence[str], page: int) -> list[str]:
    """The numbered lines of one page; numbers run on across pages (6, 7, … on page 2)."""
    start = page * PAGE_SIZE
    wanted = list(codes[start : start + PAGE_SIZE])
    courses = {c.code: c for c in (store.get_course(session, code=code) for code in wanted) if c}
    counts = store.seat_counts(session, course_ids=[c.id for c in courses.values() if c.id is not None])
    lines = []
    for n, code in enumerate(wanted, start=start + 1):
        course = courses.get(code)
        if course is None or course.id is None:
            continue
        tag = t("training_tag_directed") if course.kind == "定岗定向" else ""
        lines.append(
            t(
                "training_list_item",
                n=n,
                title=course.title,
                tag=tag,
                place=place_of(course),
                start=fmt_date(course.start_date),
                seats=seats_text(course.capacity, counts[course.id][0]),
            )
        )
    return lines


def course_page(session: Session, codes: Sequence[str], page: int, heading: str) -> str:
    """A heading, up to five courses, and what to reply."""
    lines = [heading, *course_lines(session, codes, page)]
    total = pages(len(codes))
    if total > 1:
        lines.append(t("training_list_page", page=page + 1, pages=total))
    lines.append(t("training_list_more") if page + 1 < total else t("training_list_last"))
    return "\n".join(lines)


def course_detail(session: Session, course: Course) -> str:
    brand = session.get(Brand, course.brand_id)
    seats = store.seats(session, course=course)
    certificate = (
        f"{course.certificate_type}（{course.certificate_name}）"
        if course.certificate_type and course.certificate_name
        else course.certificate_type or t("training_no_certificate")
    )
    return t(
        "training_course_detail",
        title=course.title,
        brand=brand.name if brand else "-",
        brand_type=brand.type if brand else "-",
        kind=course.kind,
        employer=f"（{course.employer_name}）" if course.employer_name else "",
        occupation=course.occupation,
        start=fmt_date(course.start_date),
        end=fmt_date(course.end_date),
        hours=course.hours,
        venue=course.venue,
        capacity=course.capacity,
        seats=seats_text(course.capacity, seats.enrolled),
        cost=course.cost_note or "-",
        subsidy=course.subsidy_note or "-",
        certificate=certificate,
        deadline=fmt_date(course.enrol_deadline),
        eligibility=course.eligibility or "-",
    )


def brand_page(brands: Sequence[Brand], page: int) -> str:
    start = page * PAGE_SIZE
    lines = [t("training_brands_heading", count=len(brands))]
    for n, brand in enumerate(brands[start : start + PAGE_SIZE], start=start + 1):
        lines.append(
            t(
                "training_brand_item",
                n=n,
                name=brand.name,
                type=brand.type,
                city=brand.city.removesuffix("市"),
            )
        )
    total = pages(len(brands))
    if total > 1:
        lines.append(t("training_list_page", page=page + 1, pages=total))
    lines.append(t("training_brands_footer") + ("，回复“下一页”继续" if page + 1 < total else ""))
    return "\n".join(lines)


def brand_detail(brand: Brand) -> str:
    return t(
        "training_brand_detail",
        name=brand.name,
        type=brand.type,
        unit=brand.unit,
        description=brand.description,
        trained=brand.target_trained,
        placed=brand.target_placed,
    )
