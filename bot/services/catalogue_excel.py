"""The catalogue as an Excel workbook staff can edit: two sheets (劳务品牌, 培训课程), Chinese headers.

Import is all or nothing: every row of both sheets is checked first and every bad row is reported
("培训课程第5行：开班日期格式应为2026-12-01"); only a clean workbook is written to the database.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from bot.services.training import apply_catalogue
from bot.store import training as store
from bot.store.training_models import Course
from content.catalogue import (
    BRAND_LABELS,
    COURSE_LABELS,
    BrandSpec,
    CatalogueError,
    CourseSpec,
    parse_brand,
    parse_course,
)

BRAND_SHEET = "劳务品牌"
COURSE_SHEET = "培训课程"
YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "×", ""}
NUMBER_FIELDS = {"hours", "capacity", "target_trained", "target_placed"}


def export_catalogue(session: Session) -> bytes:
    workbook = Workbook()
    brands_sheet: Worksheet = workbook.active
    brands_sheet.title = BRAND_SHEET
    brands_sheet.append(list(BRAND_LABELS.values()))
    brands = store.list_brands(session)
    for brand in brands:
        brands_sheet.append([_cell(getattr(brand, field)) for field in BRAND_LABELS])
    courses_sheet = workbook.create_sheet(COURSE_SHEET)
    courses_sheet.append(list(COURSE_LABELS.values()))
    codes = {b.id: b.code for b in brands}
    for course in store.list_courses(session):
        courses_sheet.append([_cell(course_field(course, field, codes)) for field in COURSE_LABELS])
    for sheet in (brands_sheet, courses_sheet):
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def course_field(course: Course, field: str, brand_codes: dict[int | None, str]) -> Any:
    if field == "brand":
        return brand_codes.get(course.brand_id, "")
    return getattr(course, field)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def read_catalogue(data: bytes, *, known_brands: set[str]) -> tuple[list[BrandSpec], list[CourseSpec]]:
    """Every row checked; raise ``CatalogueError`` listing each bad row by sheet and row number."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        raise CatalogueError([f"无法读取Excel文件（{type(exc).__name__}），请上传.xlsx格式"]) from None
    problems: list[str] = []
    brands: list[tuple[int, BrandSpec]] = []
    courses: list[tuple[int, CourseSpec]] = []
    if BRAND_SHEET in workbook.sheetnames:
        for row, values in _rows(workbook[BRAND_SHEET], BRAND_LABELS, BRAND_SHEET, problems):
            parsed = parse_brand(values)
            _collect(parsed, row, BRAND_SHEET, brands, problems)
    if COURSE_SHEET in workbook.sheetnames:
        for row, values in _rows(workbook[COURSE_SHEET], COURSE_LABELS, COURSE_SHEET, problems):
            parsed_course = parse_course(values)
            _collect(parsed_course, row, COURSE_SHEET, courses, problems)
    if BRAND_SHEET not in workbook.sheetnames and COURSE_SHEET not in workbook.sheetnames:
        problems.append(f"没有找到“{BRAND_SHEET}”或“{COURSE_SHEET}”工作表")
    problems += _duplicates(brands, BRAND_SHEET, "品牌编码") + _duplicates(courses, COURSE_SHEET, "课程编码")
    available = known_brands | {b.code for _, b in brands}
    for row, course in courses:
        if course.brand not in available:
            problems.append(f"{COURSE_SHEET}第{row}行：品牌编码“{course.brand}”不存在")
    if problems:
        raise CatalogueError(sorted(problems, key=_problem_order))
    return [b for _, b in brands], [c for _, c in courses]


def _problem_order(problem: str) -> tuple[int, int]:
    """Brands sheet first, then courses, each by row, so staff can work down the sheet."""
    match = re.match(rf"({BRAND_SHEET}|{COURSE_SHEET})第(\d+)行", problem)
    if match is None:
        return (-1, 0)
    return (0 if match[1] == BRAND_SHEET else 1, int(match[2]))


def import_catalogue(session: Session, data: bytes) -> tuple[int, int]:
    """Validate the whole workbook, then write it (brands and courses matched by code)."""
    known = {b.code for b in store.list_brands(session)}
    brands, courses = read_catalogue(data, known_brands=known)
    return apply_catalogue(session, brands, courses)


def _collect(parsed: Any, row: int, sheet: str, into: list[Any], problems: list[str]) -> None:
    if isinstance(parsed, list):
        problems.extend(f"{sheet}第{row}行：{problem}" for problem in parsed)
    else:
        into.append((row, parsed))


def _duplicates(rows: Sequence[tuple[int, BrandSpec | CourseSpec]], sheet: str, label: str) -> list[str]:
    first: dict[str, int] = {}
    problems = []
    for row, spec in rows:
        if spec.code in first:
            problems.append(f"{sheet}第{row}行：{label}“{spec.code}”与第{first[spec.code]}行重复")
        else:
            first[spec.code] = row
    return problems


def _rows(
    sheet: Any, labels: dict[str, str], name: str, problems: list[str]
) -> list[tuple[int, dict[str, Any]]]:
    """(Excel row number, field → value) for each non-empty row, using the header row to map columns."""
    by_label = {label: field for field, label in labels.items()} | {field: field for field in labels}
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    columns: list[str | None] = []
    for title in header:
        field = by_label.get(str(title).strip()) if title is not None else None
        if title is not None and str(title).strip() and field is None:
            problems.append(f"{name}第1行：不认识的列“{title}”")
        columns.append(field)
    result = []
    for number, cells in enumerate(rows, start=2):
        values = {
            field: _value(field, cell)
            for field, cell in zip(columns, cells, strict=False)
            if field and cell is not None and str(cell).strip() != ""
        }
        if values:
            result.append((number, values))
    return result


def _value(field: str, cell: Any) -> Any:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool) and field not in NUMBER_FIELDS:
        return str(cell)
    if field == "demo":
        text = str(cell).strip().lower()
        return True if text in YES else False if text in NO else text
    if isinstance(cell, str):
        return cell.strip()
    return cell
