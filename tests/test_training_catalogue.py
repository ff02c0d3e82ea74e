"""The catalogue: the demo YAML validates, bad entries are named in Chinese, the database is seeded
idempotently, Excel import is all or nothing, and chat wishes find the right courses."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from bot.services import catalogue_excel
from bot.services import training as service
from bot.store.db import Database
from bot.store.training_models import Brand, Course
from content.catalogue import CATALOGUE_DIR, CatalogueError, load_catalogue
from intents import occupations
from tests.training_support import travel_to_today


def test_demo_catalogue_is_complete() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.brands) >= 8 and len(catalogue.courses) >= 16
    assert {b.type for b in catalogue.brands} == {"技能型", "服务型", "文化和旅游", "民生保障型"}
    for brand in catalogue.brands:
        assert brand.demo and brand.target_trained >= 500 and brand.target_placed >= 500
        assert brand.name.startswith(brand.city.removesuffix("市")) and brand.unit and brand.description
    for course in catalogue.courses:
        assert course.demo and course.venue and course.certificate_type and course.certificate_name
        assert date(2026, 12, 1) <= course.enrol_deadline <= course.start_date <= course.end_date
        assert course.end_date <= date(2027, 3, 31) and course.capacity > 0 and course.hours > 0
        assert course.occupation_code and occupations.by_code(course.occupation_code) is not None
    directed = [c for c in catalogue.courses if c.kind == "定岗定向"]
    assert len(directed) >= 3 and all(c.employer_name for c in directed)
    assert {c.certificate_type for c in catalogue.courses} == {
        "职业技能等级证书",
        "专项职业能力证书",
        "职业资格证书",
    }


def test_bad_entries_are_named_in_chinese(tmp_path: Path) -> None:
    shutil.copy(CATALOGUE_DIR / "brands.yaml", tmp_path / "brands.yaml")
    raw = yaml.safe_load((CATALOGUE_DIR / "courses.yaml").read_text(encoding="utf-8"))
    raw["courses"][0]["brand"] = "no-such-brand"
    raw["courses"][1]["start_date"] = "2027/01/05"
    raw["courses"][2]["capacity"] = 0
    (tmp_path / "courses.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    problems = caught.value.problems
    assert "课程 JN-YS-2612（母婴护理（月嫂）培训班）：品牌“no-such-brand”不存在" in problems
    assert "课程 JN-SN-2701（家庭保洁与整理收纳培训）：开班日期格式应为2026-12-01" in problems
    assert "课程 JN-YS-DX-2702（月嫂定岗定向培训（签约上岗））：名额应大于0" in problems


def test_loading_the_demo_catalogue_is_idempotent_and_keeps_staff_edits(db: Database) -> None:
    assert service.load_demo_catalogue(db) == (9, 21)
    with db.session() as s:
        staff_course = s.exec(select(Course).where(Course.code == "JN-YS-2612")).one()
        staff_course.demo, staff_course.capacity = False, 99  # staff took it over
        edited_demo = s.exec(select(Course).where(Course.code == "JN-SN-2701")).one()
        edited_demo.capacity = 7  # staff changed a demo course through the API
        s.add_all([staff_course, edited_demo])
    assert service.load_demo_catalogue(db) == (0, 0)  # every start: only what is missing is added
    with db.session() as s:
        assert len(s.exec(select(Brand)).all()) == 9 and len(s.exec(select(Course)).all()) == 21
        assert s.exec(select(Course).where(Course.code == "JN-YS-2612")).one().capacity == 99
        assert s.exec(select(Course).where(Course.code == "JN-SN-2701")).one().capacity == 7
    assert service.load_demo_catalogue(db, refresh=True) == (9, 20)  # `catalogue load --refresh`
    with db.session() as s:
        assert s.exec(select(Course).where(Course.code == "JN-YS-2612")).one().capacity == 99
        assert s.exec(select(Course).where(Course.code == "JN-SN-2701")).one().capacity == 40


def _sheet_bytes(brand_rows: list[list[object]], course_rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    brands = workbook.active
    assert brands is not None
    brands.title = "劳务品牌"
    brands.append(list(catalogue_excel.BRAND_LABELS.values()))
    for row in brand_rows:
        brands.append(row)
    courses = workbook.create_sheet("培训课程")
    courses.append(list(catalogue_excel.COURSE_LABELS.values()))
    for row in course_rows:
        courses.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _course_row(code: str, **changes: object) -> list[object]:
    values: dict[str, object] = {
        "code": code,
        "title": "电工培训班",
        "brand": "dz-diangong",
        "occupation": "电工",
        "occupation_code": "6-31-01-03",
        "kind": "菜单式",
        "employer_name": None,
        "city": "德州市",
        "county": "德城区",
        "venue": "德州市德城区（示例）实训基地",
        "start_date": date(2027, 1, 10),
        "end_date": date(2027, 1, 30),
        "hours": 100,
        "capacity": 30,
        "cost_note": "免费",
        "subsidy_note": "按规定",
        "certificate_type": "职业技能等级证书",
        "certificate_name": "电工（五级）",
        "enrol_deadline": "2027-01-05",
        "eligibility": "18至55周岁",
        "keywords": "电工|水电工",
        "bring": "身份证原件",
        "demo": "否",
    }
    values.update(changes)
    return [values[field] for field in catalogue_excel.COURSE_LABELS]


BRAND_ROW = [
    "dz-diangong",
    "德州电工",
    "技能型",
    "德州市（示例）职业培训学校",
    "德州市",
    "培训电工。",
    600,
    500,
    "否",
]


def test_excel_import_is_all_or_nothing_and_reports_every_bad_row(db: Database) -> None:
    data = _sheet_bytes(
        [BRAND_ROW],
        [
            _course_row("DZ-1"),
            _course_row("DZ-2", capacity=0),
            _course_row("DZ-3", brand="nobody"),
            _course_row("DZ-4", start_date="2026/12/01"),
            _course_row("DZ-5", kind="随便", county="曹县"),
            _course_row("DZ-1", title="重复的编码"),
        ],
    )
    with db.session() as s, pytest.raises(CatalogueError) as caught:
        catalogue_excel.import_catalogue(s, data)
    problems = caught.value.problems
    assert "培训课程第3行：名额应大于0" in problems
    assert "培训课程第4行：品牌编码“nobody”不存在" in problems
    assert "培训课程第5行：开班日期格式应为2026-12-01" in problems
    assert "培训课程第6行：培训类型应为：菜单式、定岗定向" in problems
    assert "培训课程第7行：课程编码“DZ-1”与第2行重复" in problems
    assert not any("第2行：" in p and "重复" not in p for p in problems)
    with db.session() as s:
        assert s.exec(select(Brand)).all() == [] and s.exec(select(Course)).all() == []


def test_excel_export_and_import_round_trip(db: Database) -> None:
    service.load_demo_catalogue(db)
    with db.session() as s:
        exported = catalogue_excel.export_catalogue(s)
    sheet = load_workbook(io.BytesIO(exported))["培训课程"]
    assert sheet.max_row == 22 and sheet["A1"].value == "课程编码"
    capacity_column = list(catalogue_excel.COURSE_LABELS).index("capacity") + 1
    sheet.cell(row=2, column=capacity_column, value=45)  # 名额 of the first course
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    good = _sheet_bytes([BRAND_ROW], [_course_row("DZ-1")])
    with db.session() as s:
        assert catalogue_excel.import_catalogue(s, buffer.getvalue()) == (9, 21)
        assert catalogue_excel.import_catalogue(s, good) == (1, 1)
    with db.session() as s:
        changed = s.exec(select(Course).where(Course.code == sheet["A2"].value)).one()
        assert changed.capacity == 45
        assert s.exec(select(Course).where(Course.code == "DZ-1")).one().keywords == "电工|水电工"


@pytest.mark.parametrize(
    ("wish", "first", "only_city"),
    [
        ("济南有学月嫂的吗", "JN-YS-2612", "济南市"),
        ("养老护理啥时候开班", "YT-YL-2612", None),
        ("青岛有没有定岗定向的培训", "QD-HG-DX-2701", "青岛市"),
        ("想学开叉车", "LY-CC-2701", None),
        ("菏泽木艺有什么课", "HZ-JJ-2612", "菏泽市"),
        ("潍坊风筝", "WF-FZ-2701", "潍坊市"),
    ],
)
def test_wishes_find_the_right_courses(db: Database, wish: str, first: str, only_city: str | None) -> None:
    travel_to_today()
    service.load_demo_catalogue(db)
    with db.session() as s:
        result = service.find_courses(s, wish)
    assert result.courses[0].code == first
    if only_city:
        assert {c.city for c in result.courses} == {only_city}


def test_a_wish_with_nothing_on_offer_says_so(db: Database) -> None:
    travel_to_today()
    service.load_demo_catalogue(db)
    with db.session() as s:
        result = service.find_courses(s, "德州有月嫂培训吗")
    assert result.relaxed == ["德州市暂时没有，以下是其他地区的："]
    assert result.courses[0].code == "JN-YS-2612"
