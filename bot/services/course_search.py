"""Finding courses from what a worker wrote: occupation (月嫂 → 家政服务员), place, kind, brand, words.

Ranking: how well the subject matches, then the place, then the soonest start. A place or kind with
nothing on offer is relaxed rather than answered with an empty list, and the reply says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.store.training_models import Brand, Course
from intents import gazetteer, occupations
from intents.gazetteer import Place
from intents.occupations import Occupation

# Words that name a kind of training in users' own words.
KIND_WORDS = {"定岗定向": ("定岗", "定向", "订单", "包就业", "签约上岗"), "菜单式": ("菜单式",)}


@dataclass(frozen=True)
class CourseQuery:
    text: str
    occupations: tuple[Occupation, ...] = ()
    place: Place | None = None
    kind: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.occupations or self.place or self.kind)


@dataclass
class SearchResult:
    courses: list[Course]
    subject: str = ""  # what the worker asked about, for the heading ("济南·家政服务员")
    relaxed: list[str] = field(default_factory=list)  # notes on filters that found nothing


def parse_query(text: str) -> CourseQuery:
    places = gazetteer.find_places(text)
    kind = next((k for k, words in KIND_WORDS.items() if any(w in text for w in words)), None)
    return CourseQuery(
        text=text,
        occupations=tuple(occupations.find_occupations(text)),
        place=places[0] if places else None,
        kind=kind,
    )


def _subject_score(course: Course, brand: Brand | None, query: CourseQuery, exact_codes: set[str]) -> int:
    score = 0
    for occ in query.occupations:
        if course.occupation_code == occ.code:
            score = max(score, 6)
        elif (
            course.occupation_code
            and occ.code not in exact_codes
            and occupations.family(course.occupation_code) == occ.family
        ):
            score = max(score, 3)  # a close occupation, only when nothing offers the exact one
    words = [w for w in course.keywords.split("|") if len(w) >= 2] + [course.occupation]
    if any(w in query.text for w in words):
        score += 4
    if brand is not None and (brand.name in query.text or brand.code in query.text.lower()):
        score += 5
    return score


def _place_score(course: Course, place: Place | None) -> int:
    if place is None or course.city != place.city:
        return 0
    return 2 if place.county and course.county == place.county else 1


def search(courses: Sequence[Course], brands: dict[int, Brand], query: CourseQuery) -> SearchResult:
    """Rank open courses for ``query``; ``courses`` are the candidates (already open on the day)."""
    offered = {c.occupation_code for c in courses if c.occupation_code}
    exact_codes = {o.code for o in query.occupations if o.code in offered}
    scored = [(c, _subject_score(c, brands.get(c.brand_id), query, exact_codes)) for c in courses]
    subject_words = [o.name for o in query.occupations]
    result = SearchResult(courses=[])
    asked_subject = bool(query.occupations) or any(s > 0 for _, s in scored)
    pool = [(c, s) for c, s in scored if s > 0] if asked_subject else scored
    if asked_subject and not pool:
        result.relaxed.append(f"暂时没有{'、'.join(subject_words) or '这方面'}的培训，先看看其他课程：")
        pool = scored
    if query.kind:
        kept = [(c, s) for c, s in pool if c.kind == query.kind]
        if kept:
            pool = kept
        else:
            result.relaxed.append(f"暂时没有{query.kind}培训，以下是其他类型的：")
    if query.place:
        local = [(c, s) for c, s in pool if c.city == query.place.city]
        if local:
            pool = local
        elif pool:
            result.relaxed.append(f"{query.place.label}暂时没有，以下是其他地区的：")
    pool.sort(
        key=lambda cs: (-(cs[1] * 10 + _place_score(cs[0], query.place)), cs[0].start_date, cs[0].id or 0)
    )
    result.courses = [c for c, _ in pool]
    parts = [query.place.label] if query.place and not any("地区" in r for r in result.relaxed) else []
    parts += subject_words if pool and pool[0][1] > 0 else []
    parts += [query.kind] if query.kind and not any(query.kind in r for r in result.relaxed) else []
    result.subject = "·".join(parts)
    return result


def is_open(course: Course, today: date) -> bool:
    return course.enrol_deadline >= today
