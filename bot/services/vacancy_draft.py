"""A vacancy being confirmed: a small JSON-able dict built by the parser, filled in and edited by chat."""

from __future__ import annotations

import re
from typing import Any

from intents import gazetteer
from intents.numbers import chinese_number
from intents.occupations import normalise_occupation
from intents.vacancy import REQUIRED, parse_vacancy

Draft = dict[str, Any]

FIELD_WORDS: dict[str, str] = {
    **dict.fromkeys(("人数", "名额", "招聘人数", "招几个", "几个人"), "headcount"),
    **dict.fromkeys(("薪资", "工资", "月薪", "薪水", "待遇", "薪酬", "日薪", "年薪"), "salary"),
    **dict.fromkeys(("地点", "地区", "地址", "工作地点", "城市", "区县", "位置"), "city"),
    **dict.fromkeys(("工种", "岗位", "职位", "工作"), "occupation"),
    **dict.fromkeys(("电话", "联系电话", "手机", "手机号", "联系方式"), "phone"),
    **dict.fromkeys(("福利",), "benefits"),
}
_WORDS = "|".join(sorted(FIELD_WORDS, key=len, reverse=True))
EDIT = re.compile(rf"^\s*(?:修改|更改|改)\s*(?P<field>{_WORDS})\s*[:：为成是]?\s*(?P<value>.*?)\s*$")
_PERIOD_WORDS = {"month": "月薪", "day": "日薪", "year": "年薪", "hour": "时薪"}


def from_text(text: str) -> Draft:
    parsed = parse_vacancy(text)
    return {
        "occupation": parsed.occupation,
        "occupation_code": parsed.occupation_code,
        "headcount": parsed.headcount,
        "headcount_given": parsed.headcount_given,
        "city": parsed.city,
        "county": parsed.county,
        "salary_min": parsed.salary_min,
        "salary_max": parsed.salary_max,
        "salary_period": parsed.salary_period,
        "salary_negotiable": parsed.salary_negotiable,
        "phone": parsed.phone,
        "benefits": parsed.benefits,
        "requirements": parsed.requirements,
    }


def _present(draft: Draft) -> dict[str, bool]:
    return {
        "occupation": bool(draft.get("occupation_code")),
        "headcount": bool(draft.get("headcount_given")),
        "city": bool(draft.get("city")),
        "salary": draft.get("salary_min") is not None or bool(draft.get("salary_negotiable")),
        "phone": bool(draft.get("phone")),
    }


def missing(draft: Draft) -> list[str]:
    present = _present(draft)
    return [name for name in REQUIRED if not present[name]]


def set_field(draft: Draft, field: str, value: str) -> bool:
    """Fill one field from a short answer ("5", "6000-8000", "青岛黄岛"); False when not understood."""
    value = value.strip()
    if field == "headcount":
        if re.search(r"若干|不限|多名|招满为止", value):
            draft.update(headcount=None, headcount_given=True)
            return True
        digits = re.sub(r"[名人个位\s]", "", value)
        number = int(digits) if digits.isdigit() else chinese_number(digits)
        if not number or number > 5000:
            return False
        draft.update(headcount=number, headcount_given=True)
        return True
    if field == "salary":
        parsed = parse_vacancy(value if re.search(r"薪|工资|面议", value) else "工资" + value)
        if parsed.salary_min is None and not parsed.salary_negotiable:
            return False
        draft.update(
            salary_min=parsed.salary_min,
            salary_max=parsed.salary_max,
            salary_period=parsed.salary_period,
            salary_negotiable=parsed.salary_negotiable,
        )
        return True
    if field == "city":
        places = gazetteer.find_places(value)
        place = places[0] if places else gazetteer.resolve(value)
        if place is None:
            return False
        draft.update(city=place.city, county=place.county)
        return True
    if field == "occupation":
        occupation = normalise_occupation(value)
        if occupation is None:
            return False
        draft.update(occupation=occupation.name, occupation_code=occupation.code)
        return True
    if field == "phone":
        phone = parse_vacancy("电话" + value).phone
        if phone is None:
            return False
        draft["phone"] = phone
        return True
    if field == "benefits":
        draft["benefits"] = parse_vacancy(value).benefits
        return True
    return False


_FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "occupation": ("occupation", "occupation_code"),
    "headcount": ("headcount", "headcount_given"),
    "city": ("city", "county"),
    "salary": ("salary_min", "salary_max", "salary_period", "salary_negotiable"),
    "phone": ("phone",),
}


def fill_from_answer(draft: Draft, asking: str, text: str) -> bool:
    """The asked field, plus any other missing field the same answer gives ("历城，日结200")."""
    answered = set_field(draft, asking, text)
    parsed = from_text(text)
    found = {name for name, present in _present(parsed).items() if present}
    gained = False
    for name in missing(draft):
        if name in found:
            draft.update({key: parsed[key] for key in _FIELD_KEYS[name]})
            gained = True
    for key in ("benefits", "requirements"):
        extra = [item for item in parsed[key] if item not in (draft.get(key) or [])]
        if extra and (answered or gained):
            draft[key] = [*(draft.get(key) or []), *extra]
    return answered or gained


def county_from_raw(draft: Draft, raw: str) -> None:
    """A city given as an answer settles a county the first message named ambiguously (市中区)."""
    if not draft.get("city") or draft.get("county") or not raw:
        return
    again = from_text(f"{draft['city']}，{raw}")
    if again.get("city") == draft["city"] and again.get("county"):
        draft["county"] = again["county"]


def is_new_vacancy(draft: Draft, text: str) -> bool:
    """A whole other vacancy typed while we were asking about this one: start over with it."""
    parsed = from_text(text)
    code = parsed.get("occupation_code")
    if not code or code == draft.get("occupation_code"):
        return False
    present = _present(parsed)
    return sum(present[name] for name in ("headcount", "city", "salary", "phone")) >= 1


def parse_edit(text: str) -> tuple[str, str] | None:
    """("salary", "6000-8000") for "修改 薪资 6000-8000"; None when the text is not an edit."""
    match = EDIT.match(text)
    return (FIELD_WORDS[match["field"]], match["value"]) if match else None


def salary_text(draft: Draft) -> str:
    low, high = draft.get("salary_min"), draft.get("salary_max")
    if low is None and high is None:
        return "面议" if draft.get("salary_negotiable") else "未填写"
    word = _PERIOD_WORDS.get(draft.get("salary_period") or "month", "月薪")
    if high is None:
        return f"{word}{low}元以上"
    return f"{word}{low}元" if low == high or low is None else f"{word}{low}-{high}元"


def headcount_text(draft: Draft) -> str:
    if draft.get("headcount"):
        return f"{draft['headcount']}名"
    return "若干" if draft.get("headcount_given") else "未填写"


def place_text(draft: Draft) -> str:
    return (draft.get("city") or "未填写") + (draft.get("county") or "")


def summary(draft: Draft) -> str:
    """One line: "家政服务员 3名｜济南市历下区｜月薪5000-7000元"."""
    occupation = draft.get("occupation") or "岗位"
    return f"{occupation} {headcount_text(draft)}｜{place_text(draft)}｜{salary_text(draft)}"


def card_lines(draft: Draft) -> str:
    lines = [
        f"工种：{draft.get('occupation') or '未填写'}",
        f"人数：{headcount_text(draft)}",
        f"地点：{place_text(draft)}",
        f"薪资：{salary_text(draft)}",
        f"电话：{draft.get('phone') or '未填写'}",
    ]
    if draft.get("benefits"):
        lines.append("福利：" + "、".join(draft["benefits"]))
    if draft.get("requirements"):
        lines.append("要求：" + "、".join(draft["requirements"]))
    return "\n".join(lines)


def to_fields(draft: Draft) -> dict[str, Any]:
    """The columns ``bot.store.vacancies.post`` takes."""
    from bot.store.vacancies import EDITABLE

    return {key: draft.get(key) for key in EDITABLE}


def from_row(row: Any) -> Draft:
    """A stored vacancy as a draft, so the same texts and edits apply after posting."""
    draft = {key: getattr(row, key) for key in to_fields({})}
    draft["headcount_given"] = True
    return draft
