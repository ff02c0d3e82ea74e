"""The brand and course catalogue (``content/data/catalogue/*.yaml``), validated on load.

The same row checks serve the YAML files and staff's Excel sheets (``bot/services/catalogue_excel.py``):
every problem is reported in Chinese, naming the course (or the sheet row) and the field.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from content.messages import ContentError
from intents import gazetteer, occupations

CATALOGUE_DIR = Path(__file__).parent / "data" / "catalogue"
BrandType = Literal["技能型", "服务型", "文化和旅游", "民生保障型"]
CourseKind = Literal["菜单式", "定岗定向"]
CertificateType = Literal["职业技能等级证书", "专项职业能力证书", "职业资格证书"]
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
DATE_EXAMPLE = "2026-12-01"

BRAND_LABELS: dict[str, str] = {
    "code": "品牌编码",
    "name": "品牌名称",
    "type": "品牌类型",
    "unit": "建设单位",
    "city": "所在城市",
    "description": "品牌介绍",
    "target_trained": "年培训目标",
    "target_placed": "年输出目标",
    "demo": "演示数据",
}
COURSE_LABELS: dict[str, str] = {
    "code": "课程编码",
    "title": "课程名称",
    "brand": "品牌编码",
    "occupation": "职业（工种）",
    "occupation_code": "职业编码",
    "kind": "培训类型",
    "employer_name": "定岗企业",
    "city": "城市",
    "county": "区县",
    "venue": "培训地点",
    "start_date": "开班日期",
    "end_date": "结业日期",
    "hours": "课时",
    "capacity": "名额",
    "cost_note": "费用说明",
    "subsidy_note": "补贴说明",
    "certificate_type": "证书类型",
    "certificate_name": "证书名称",
    "enrol_deadline": "报名截止日期",
    "eligibility": "报名条件",
    "keywords": "关键词",
    "bring": "需携带材料",
    "demo": "演示数据",
}


class CatalogueError(ContentError):
    """The catalogue does not validate; ``problems`` lists every one, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _city_name(value: str) -> str:
    place = gazetteer.city_of(value.strip())
    if place is None:
        raise ValueError(f"“{value}”不是山东省的地级市")
    return place.city


class BrandSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str
    name: str = Field(min_length=2, max_length=64)
    type: BrandType
    unit: str = Field(min_length=2, max_length=128)
    city: str
    description: str = ""
    target_trained: int = Field(ge=0)
    target_placed: int = Field(ge=0)
    demo: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("品牌编码只能用字母、数字、-和_，最长64位")
        return value

    @field_validator("city")
    @classmethod
    def _city(cls, value: str) -> str:
        return _city_name(value)


class CourseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str
    title: str = Field(min_length=2, max_length=128)
    brand: str
    occupation: str = Field(min_length=2, max_length=64)
    occupation_code: str | None = None
    kind: CourseKind
    employer_name: str | None = None
    city: str
    county: str | None = None
    venue: str = Field(min_length=4, max_length=200)
    start_date: date
    end_date: date
    hours: int
    capacity: int
    cost_note: str = ""
    subsidy_note: str = ""
    certificate_type: CertificateType | None = None
    certificate_name: str | None = None
    enrol_deadline: date
    eligibility: str = ""
    keywords: list[str] = Field(default_factory=list)
    bring: str = ""
    demo: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("课程编码只能用字母、数字、-和_，最长64位")
        return value

    @field_validator("city")
    @classmethod
    def _city(cls, value: str) -> str:
        return _city_name(value)

    @field_validator("keywords", mode="before")
    @classmethod
    def _split_keywords(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [w for w in re.split(r"[|,，、\s]+", value) if w]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CourseSpec:
        problems: list[str] = []
        if self.capacity <= 0:
            problems.append("名额应大于0")
        if self.hours <= 0:
            problems.append("课时应大于0")
        if self.end_date < self.start_date:
            problems.append("结业日期不能早于开班日期")
        if self.enrol_deadline > self.start_date:
            problems.append("报名截止日期不能晚于开班日期")
        if self.kind == "定岗定向" and not self.employer_name:
            problems.append("定岗定向培训须填写定岗企业")
        if self.county:
            place = gazetteer.resolve(self.city, self.county)
            if place is None or place.county is None:
                problems.append(f"区县“{self.county}”不属于{self.city}")
            else:
                self.county = place.county
        if self.occupation_code:
            if occupations.by_code(self.occupation_code) is None:
                problems.append(f"职业编码“{self.occupation_code}”不在2022版职业分类大典中")
        else:
            found = occupations.normalise_occupation(self.occupation)
            self.occupation_code = found.code if found else None
        if problems:
            raise ValueError("；".join(problems))
        return self


class Catalogue(BaseModel):
    brands: list[BrandSpec]
    courses: list[CourseSpec]


def _problem_text(error: Any, labels: dict[str, str]) -> str:
    """One pydantic error as a short Chinese sentence."""
    field = str(error["loc"][0]) if error["loc"] else ""
    label = labels.get(field, field)
    kind = error["type"]
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return message if not field or message.startswith(label) else f"{label}：{message}"
    if kind == "missing" or (kind == "string_too_short" and not error.get("input")):
        return f"缺少{label}"
    if kind.startswith("date"):
        return f"{label}格式应为{DATE_EXAMPLE}"
    if kind.startswith("int") or kind.startswith("greater_than"):
        return f"{label}应为不小于0的整数" if kind.startswith("greater_than") else f"{label}应为整数"
    if kind == "literal_error":
        return f"{label}应为：{error['ctx']['expected'].replace(' or ', '、').replace(chr(39), '')}"
    if kind == "string_too_short":
        return f"{label}太短"
    if kind == "string_too_long":
        return f"{label}太长"
    if kind == "extra_forbidden":
        return f"不认识的栏目“{field}”"
    if kind.startswith("bool"):
        return f"{label}应为“是”或“否”"
    return f"{label}填写有误"


def _problems(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    seen: list[str] = []
    for error in exc.errors():
        for text in _problem_text(error, labels).split("；"):
            if text not in seen:
                seen.append(text)
    return seen


def parse_brand(values: dict[str, Any]) -> BrandSpec | list[str]:
    """A brand, or the list of what is wrong with it (in Chinese)."""
    try:
        return BrandSpec.model_validate(values)
    except ValidationError as exc:
        return _problems(exc, BRAND_LABELS)


def parse_course(values: dict[str, Any]) -> CourseSpec | list[str]:
    """A course, or the list of what is wrong with it (in Chinese)."""
    try:
        return CourseSpec.model_validate(values)
    except ValidationError as exc:
        return _problems(exc, COURSE_LABELS)


def cross_check(
    brands: list[BrandSpec], courses: list[CourseSpec], known_brands: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Problems between rows: repeated codes, courses of unknown brands."""
    problems: list[str] = []
    brand_codes = [b.code for b in brands]
    for code in sorted({c for c in brand_codes if brand_codes.count(c) > 1}):
        problems.append(f"品牌编码“{code}”重复")
    course_codes = [c.code for c in courses]
    for code in sorted({c for c in course_codes if course_codes.count(c) > 1}):
        problems.append(f"课程编码“{code}”重复")
    available = set(brand_codes) | set(known_brands)
    for course in courses:
        if course.brand not in available:
            problems.append(f"课程 {course.code}（{course.title}）：品牌“{course.brand}”不存在")
    return problems


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read and validate brands.yaml and courses.yaml; raise ``CatalogueError`` naming every bad entry."""
    brands_raw = _read(directory / "brands.yaml").get("brands") or []
    courses_file = _read(directory / "courses.yaml")
    defaults: dict[str, Any] = courses_file.get("defaults") or {}
    problems: list[str] = []
    brands: list[BrandSpec] = []
    for index, raw in enumerate(brands_raw, start=1):
        parsed = parse_brand(raw)
        if isinstance(parsed, list):
            name = raw.get("code") or raw.get("name") or f"第{index}个"
            problems += [f"品牌 {name}：{p}" for p in parsed]
        else:
            brands.append(parsed)
    courses: list[CourseSpec] = []
    for index, raw in enumerate(courses_file.get("courses") or [], start=1):
        course = parse_course({**defaults, **raw})
        if isinstance(course, list):
            name = f"{raw.get('code') or f'第{index}个'}（{raw.get('title') or '无名称'}）"
            problems += [f"课程 {name}：{p}" for p in course]
        else:
            courses.append(course)
    problems += cross_check(brands, courses)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(brands=brands, courses=courses)


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError([f"{path.name}：无法读取（{exc}）"]) from None
    if not isinstance(raw, dict):
        raise CatalogueError([f"{path.name}：内容应为映射"])
    return raw
