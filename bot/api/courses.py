"""Staff API: courses (list, read, create, update), the catalogue as Excel, rosters and marks sheets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response, UploadFile, status
from pydantic import BaseModel

from bot.api.deps import CtxDep, SessionDep, StaffDep
from bot.services import catalogue_excel, roster_excel
from bot.services.training import apply_catalogue
from bot.store import training as store
from bot.store.training_models import Course
from content.catalogue import COURSE_LABELS, CatalogueError, parse_course

router = APIRouter(prefix="/courses", tags=["培训：课程"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CoursePublic(BaseModel):
    code: str
    title: str
    brand: str
    occupation: str
    occupation_code: str | None
    kind: str
    employer_name: str | None
    city: str
    county: str | None
    venue: str
    start_date: date
    end_date: date
    hours: int
    capacity: int
    enrolled: int
    waitlisted: int
    cost_note: str
    subsidy_note: str
    certificate_type: str | None
    certificate_name: str | None
    enrol_deadline: date
    eligibility: str
    keywords: list[str]
    bring: str
    demo: bool


class ImportReport(BaseModel):
    brands: int
    courses: int


class MarksReport(BaseModel):
    rows: int
    changes: int


def public(session: Any, course: Course, brand_codes: dict[int | None, str]) -> CoursePublic:
    seats = store.seats(session, course=course)
    values = {field: catalogue_excel.course_field(course, field, brand_codes) for field in COURSE_LABELS}
    values["keywords"] = [w for w in course.keywords.split("|") if w]
    return CoursePublic(**values, enrolled=seats.enrolled, waitlisted=seats.waitlisted)


def _codes(session: Any) -> dict[int | None, str]:
    return {b.id: b.code for b in store.list_brands(session)}


def _course(session: Any, code: str) -> Course:
    course = store.get_course(session, code=code)
    if course is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这门课程")
    return course


def _save(session: Any, values: dict[str, Any]) -> str:
    parsed = parse_course(values)
    if isinstance(parsed, list):
        raise HTTPException(422, parsed)
    if store.get_brand(session, code=parsed.brand) is None:
        raise HTTPException(422, [f"品牌“{parsed.brand}”不存在"])
    apply_catalogue(session, [], [parsed])
    return parsed.code


@router.get("", response_model=list[CoursePublic], summary="课程列表")
def list_courses(
    session: SessionDep,
    _: StaffDep,
    city: str | None = None,
    brand: str | None = None,
    kind: str | None = None,
    open_on: date | None = None,
) -> list[CoursePublic]:
    brand_row = store.get_brand(session, code=brand) if brand else None
    if brand and brand_row is None:
        return []
    codes = _codes(session)
    courses = store.list_courses(
        session, open_on=open_on, brand_id=brand_row.id if brand_row else None, city=city, kind=kind
    )
    return [public(session, c, codes) for c in courses]


@router.get(
    "/catalogue.xlsx",
    summary="导出品牌和课程目录（Excel）",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def export_catalogue(session: SessionDep, _: StaffDep) -> Response:
    return Response(
        catalogue_excel.export_catalogue(session),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="catalogue.xlsx"'},
    )


@router.post(
    "/catalogue.xlsx", response_model=ImportReport, summary="导入品牌和课程目录（全部校验通过才导入）"
)
async def import_catalogue(file: UploadFile, session: SessionDep, _: StaffDep) -> ImportReport:
    data = await file.read()
    try:
        brands, courses = catalogue_excel.import_catalogue(session, data)
    except CatalogueError as exc:
        raise HTTPException(422, exc.problems) from None
    return ImportReport(brands=brands, courses=courses)


@router.get("/{code}", response_model=CoursePublic, summary="一门课程（含已报名和候补人数）")
def get_course(code: str, session: SessionDep, _: StaffDep) -> CoursePublic:
    return public(session, _course(session, code), _codes(session))


@router.post("", response_model=CoursePublic, status_code=status.HTTP_201_CREATED, summary="新建课程")
def create_course(body: dict[str, Any], session: SessionDep, _: StaffDep) -> CoursePublic:
    if body.get("code") and store.get_course(session, code=str(body["code"])) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"课程编码“{body['code']}”已存在")
    return get_course(_save(session, body), session, _)


@router.patch(
    "/{code}", response_model=CoursePublic, summary="修改课程（只传要改的字段；扩容会自动递补候补）"
)
def update_course(code: str, body: dict[str, Any], session: SessionDep, _: StaffDep) -> CoursePublic:
    course = _course(session, code)
    current = {field: catalogue_excel.course_field(course, field, _codes(session)) for field in COURSE_LABELS}
    current["keywords"] = course.keywords
    return get_course(_save(session, {**current, **body, "code": code}), session, _)


@router.get(
    "/{code}/roster.xlsx",
    summary="花名册（Excel）；带 reason 时显示完整信息并记录审计",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def roster(
    code: str,
    session: SessionDep,
    ctx: CtxDep,
    actor: StaffDep,
    reason: Annotated[str | None, Query(min_length=2, max_length=200)] = None,
) -> Response:
    course = _course(session, code)
    if reason is not None:
        roster_excel.audit(
            session, actor=actor, action="roster_full_export", subject=f"course:{code}", reason=reason
        )
    data = roster_excel.export_roster(
        session,
        course=course,
        full=reason is not None,
        secret=ctx.settings.id_encryption_key.get_secret_value(),
    )
    return Response(
        data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{code}.xlsx"'}
    )


@router.post(
    "/{code}/marks.xlsx",
    response_model=MarksReport,
    summary="上传填好“到课/结业/取证”的花名册，逐条登记（有错则一条都不登记）",
)
async def upload_marks(code: str, file: UploadFile, session: SessionDep, actor: StaffDep) -> MarksReport:
    course = _course(session, code)
    try:
        rows = roster_excel.read_marks(session, course=course, data=await file.read())
    except roster_excel.RosterError as exc:
        raise HTTPException(422, exc.problems) from None
    return MarksReport(
        rows=len(rows), changes=roster_excel.apply_marks(session, rows=rows, actor=f"staff:{actor}")
    )
