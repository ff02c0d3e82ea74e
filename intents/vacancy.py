"""Turn a boss's free-text vacancy message (as typed in a WeChat group) into structured fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intents.gazetteer import find_places
from intents.numbers import CN_NUM, number
from intents.occupations import find_occupations, normalise_occupation
from intents.salary import SalaryPeriod, parse_salary

REQUIRED = ("occupation", "headcount", "city", "salary", "phone")
JSON_KEYS = (
    "occupation",
    "occupation_code",
    "headcount",
    "city",
    "county",
    "salary_min",
    "salary_max",
    "salary_period",
    "phone",
    "benefits",
    "requirements",
    "missing",
)


@dataclass
class ParsedVacancy:
    occupation: str | None = None
    occupation_code: str | None = None
    headcount: int | None = None
    headcount_given: bool = False  # 若干 / 大量: stated, but no number
    city: str | None = None
    county: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    salary_period: SalaryPeriod | None = None
    salary_negotiable: bool = False  # 面议 / 计件: stated, but no number
    phone: str | None = None
    benefits: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def to_json(parsed: ParsedVacancy) -> dict[str, Any]:
    return {key: getattr(parsed, key) for key in JSON_KEYS}


# --- text clean-up -------------------------------------------------------------------------------

_DASHES = re.compile(r"[‐‑‒–—―−~〜～]+|(?<=[\d千万kKwW])\s*(?:至|到)\s*(?=\d)")


def _clean(text: str) -> str:
    """NFKC (full-width digits and punctuation), emoji and symbols to spaces, one kind of dash."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(ch) in {"So", "Sk", "Cs", "Co"} else ch for ch in text)
    text = re.sub(r"[\r\n]+", "，", text)
    return _DASHES.sub("-", text)


# --- phone ---------------------------------------------------------------------------------------

_PHONE_RUN = re.compile(r"(?<![\d.])\d[\d\s\-.()]*\d(?![\d.])")


def _find_phone(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """First mobile or landline number; also every phone-like span so numbers there are not money."""
    found: str | None = None
    spans: list[tuple[int, int]] = []
    for run in _PHONE_RUN.finditer(text):
        # A run may glue an amount to the number ("一天260 13905381234"): try each slice of its digit groups.
        groups = list(re.finditer(r"\d+", run.group()))
        i = 0
        while i < len(groups):
            for j in range(len(groups) - 1, i - 1, -1):
                digits = "".join(g.group() for g in groups[i : j + 1])
                start = run.start() + groups[i].start()
                phone = _as_phone(digits, text[max(0, start - 6) : start])
                if phone:
                    spans.append((start, run.start() + groups[j].end()))
                    found = found or phone
                    i = j
                    break
            i += 1
    return found, spans


def _as_phone(digits: str, before: str) -> str | None:
    if len(digits) == 11 and re.fullmatch(r"1[3-9]\d{9}", digits):
        return digits
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        area = 3 if digits[1] in "12" else 4
        local = digits[area:]
        if 7 <= len(local) <= 8:
            return f"{digits[:area]}-{local}"
    labelled = re.search(r"电话|联系|热线|座机|tel", before, re.I)
    if 7 <= len(digits) <= 8 and not digits.startswith("0") and labelled:
        return digits
    return None


# --- headcount -----------------------------------------------------------------------------------

_HEADCOUNT = re.compile(
    rf"(?P<n>\d+|{CN_NUM})(?:\s*-\s*(?P<m>\d+|{CN_NUM}))?\s*(?P<more>余|多|几)?\s*(?:名|人|个|位)"
    r"(?!(?:月|小时|钟|工作日|工(?!资)|班|星期|礼拜|半|间|一间|宿舍|住|/间|以上的?企业))"
)
_HEADCOUNT_LABELLED = re.compile(r"(?:人数|名额|招聘人数|需求人数)\s*[:：]?\s*(\d+)")
_HEADCOUNT_VAGUE = re.compile(r"若干|数名|多名|大量|不限人数|人数不限|招满为止")
_HEADCOUNT_ONE = re.compile(r"(?:找|招|要|请|缺)个")


def _parse_headcount(text: str) -> tuple[int | None, bool]:
    labelled = _HEADCOUNT_LABELLED.search(text)
    if labelled:
        return int(labelled.group(1)), True
    for match in _HEADCOUNT.finditer(text):
        start = match.start()
        if start > 0 and re.match(r"[\d.]", text[start - 1]):
            continue
        values = [number(match.group(g)) for g in ("n", "m") if match.group(g)]
        if any(v is None or v <= 0 or v > 5000 for v in values):
            continue
        return int(max(v for v in values if v is not None)), True
    if _HEADCOUNT_VAGUE.search(text):
        return None, True
    if _HEADCOUNT_ONE.search(text):
        return 1, True
    return None, False


# --- benefits and requirements -------------------------------------------------------------------

# (normalised label, pattern) in output order; *_SUPERSEDES drops the weaker of a pair (包吃 under 包吃住).
Labels = tuple[tuple[str, str], ...]
_BENEFITS: Labels = (
    (
        "包吃住",
        r"包吃住|包吃包住|包食宿|管吃管住|管吃住|吃住全包|食宿全包|提供食宿|免费食宿|包住包吃|吃住免费",
    ),
    ("包吃", r"包吃|管[早中午晚]*饭|包[早中午晚三]*[饭餐]|管吃|免费工作餐|提供工作餐|包一日三餐"),
    ("包住", r"包住|管住|提供住宿|免费住宿|有宿舍|提供宿舍|免费宿舍|宿舍免费"),
    ("五险一金", r"五险一金|5险1金"),
    ("五险", r"五险|5险"),
    ("社保", r"社保|缴纳保险|交保险|买保险"),
    ("双休", r"双休"),
    ("单休", r"单休"),
    ("年终奖", r"年终奖"),
    ("带薪年假", r"带薪年假|带薪休假|年假"),
    ("交通补贴", r"交通补贴|交通补助|车补"),
    ("餐补", r"餐补|饭补|餐费补贴|伙食补贴"),
    ("住房补贴", r"住房补贴|房补|租房补贴"),
    ("全勤奖", r"全勤"),
    ("节日福利", r"节日福利|过节费|节假日福利|节日礼品"),
    ("加班费", r"加班费|加班另计|加班工资"),
    ("提成", r"提成"),
    ("日结", r"日结"),
    ("周结", r"周结"),
    ("班车接送", r"班车|厂车|接送"),
    ("高温补贴", r"高温补贴|高温费"),
    ("免费培训", r"免费培训|带薪培训|包教包会"),
    ("报销路费", r"报销路费|报路费|包路费|路费报销"),
    ("长白班", r"长白班"),
)
_BENEFIT_SUPERSEDES = {"包吃住": ("包吃", "包住"), "五险一金": ("五险", "社保"), "五险": ("社保",)}

_NOT_CERT = "(?<!健康)(?<!驾驶)(?<!身份)"  # 有健康证 is its own requirement, 身份证 none at all
_REQUIREMENTS: Labels = (
    (
        "持证",
        r"持证|有证|证件齐全|资格证|上岗证|操作证|作业证|证书|(?:有|持|带)[^\s,，。;；、]{0,6}"
        + _NOT_CERT
        + "证",
    ),
    ("健康证", r"健康证"),
    ("驾照", r"驾照|驾驶证|(?<![A-Za-z\d])[ABC][12](?![\d栋座号楼])|会开车"),
    ("经验优先", r"经验(?:者)?优先|熟手优先|干过的优先|有经验的优先"),
    ("无需经验", r"无经验可|无需经验|不需要经验|不要求经验|经验不限|零基础|新手可|可带徒|免经验|无经验亦可"),
    ("有经验", r"有经验|需经验|熟手|熟练|有相关经验|有工作经验|老手|会干的|有.{1,4}经验"),
    ("身体健康", r"身体健康|身体好|身体素质好|身体棒"),
    ("无不良嗜好", r"无不良嗜好"),
    ("吃苦耐劳", r"吃苦耐劳|能吃苦|肯吃苦"),
    ("会做饭", r"会做饭|做饭好吃|会做家常菜|饭菜可口"),
    ("倒班", r"倒班|两班倒|三班倒|夜班"),
    ("女性", r"限女|女性|女士|女工|只要女|仅限女|招女|女同志|宝妈|女\s*\d+\s*[名人]"),
    ("男性", r"限男|男性|男士|男工|只要男|仅限男|招男|男同志|男\s*\d+\s*[名人]"),
)
_REQUIREMENT_SUPERSEDES = {"经验优先": ("有经验",), "无需经验": ("有经验",)}
_YEARS = re.compile(
    rf"(?P<n>\d+|{CN_NUM})\s*年(?:以上|及以上)?(?:的?相关)?(?:工作)?经验"
    rf"|经验\s*(?P<m>\d+|{CN_NUM})\s*年"
)
_AGE_RANGE = re.compile(
    r"(?:年龄\s*[:：]?\s*)?(\d{2})\s*-\s*(\d{2})\s*(?:周?岁)|年龄\s*[:：]?\s*(\d{2})\s*-\s*(\d{2})"
)
_AGE_MAX = re.compile(
    r"(?:年龄\s*)?(?:不超过|不大于|小于)?\s*(\d{2})\s*周?岁\s*(?:以下|以内|之内|以里)"
    r"|年龄不超过\s*(\d{2})"
)
_AGE_MIN = re.compile(r"(\d{2})\s*周?岁\s*(?:以上|及以上)")
_EDUCATION = re.compile(r"(小学|初中|高中|中专|大专|本科)\s*(?:及|或)?\s*以上")


def _labels(text: str, table: Labels, supersedes: Mapping[str, tuple[str, ...]]) -> list[str]:
    found = [label for label, pattern in table if re.search(pattern, text, re.I)]
    dropped = {d for label in found for d in supersedes.get(label, ())}
    return [label for label in found if label not in dropped]


def _parse_requirements(text: str) -> list[str]:
    text = re.sub(r"男女不限|不限男女|男女均可|男女都要|男女皆可", " ", text)
    found = _labels(text, _REQUIREMENTS, _REQUIREMENT_SUPERSEDES)
    years = _YEARS.search(text)
    if years:
        n = number(years.group("n") or years.group("m"))
        if n:
            found = [r for r in found if r not in ("有经验", "经验优先")]
            found.append(f"{int(n)}年以上经验")
    age_range = _AGE_RANGE.search(text)
    age_max, age_min = _AGE_MAX.search(text), _AGE_MIN.search(text)
    if age_range:
        low, high = (int(g) for g in age_range.groups() if g)
        found.append(f"年龄{low}-{high}")
    elif age_min and age_max:
        found.append(f"年龄{age_min.group(1)}-{age_max.group(1) or age_max.group(2)}")
    elif age_max:
        found.append(f"年龄≤{age_max.group(1) or age_max.group(2)}")
    elif age_min:
        found.append(f"年龄≥{age_min.group(1)}")
    education = _EDUCATION.search(text)
    if education:
        found.append(f"{education.group(1)}以上学历")
    return found


# --- the parser ----------------------------------------------------------------------------------


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def parse_vacancy(text: str) -> ParsedVacancy:
    """All fields we can find; ``missing`` lists the required ones that were not."""
    clean = _clean(text)
    phone, phone_spans = _find_phone(clean)
    body = _blank(clean, phone_spans)
    parsed = ParsedVacancy(phone=phone)

    occupations = find_occupations(body)
    occupation = occupations[0] if occupations else normalise_occupation(body)
    if occupation is not None:
        parsed.occupation, parsed.occupation_code = occupation.name, occupation.code

    places = find_places(body)
    if places:
        parsed.city, parsed.county = places[0].city, places[0].county

    # Ages and years of experience look like money and headcounts; take them out first.
    numbers_body = _AGE_RANGE.sub(" ", body)
    numbers_body = _YEARS.sub(" ", numbers_body)
    salary = parse_salary(numbers_body)
    parsed.salary_min, parsed.salary_max = salary.low, salary.high
    parsed.salary_period, parsed.salary_negotiable = salary.period, salary.negotiable
    parsed.headcount, parsed.headcount_given = _parse_headcount(numbers_body)

    parsed.benefits = _labels(body, _BENEFITS, _BENEFIT_SUPERSEDES)
    parsed.requirements = _parse_requirements(body)

    present = {
        "occupation": parsed.occupation is not None,
        "headcount": parsed.headcount_given,
        "city": parsed.city is not None,
        "salary": parsed.salary_min is not None or parsed.salary_negotiable,
        "phone": parsed.phone is not None,
    }
    parsed.missing = [name for name in REQUIRED if not present[name]]
    return parsed
