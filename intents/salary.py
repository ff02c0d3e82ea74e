"""Salary in a job ad: amounts (5千-7千, 8千-1万2, 6-8k, 月薪过万, 面议) and the period they are per
(日结200 and 年薪8万 are never monthly)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from intents.numbers import number

SalaryPeriod = Literal["month", "day", "year", "hour"]

_AMOUNT = (
    r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)"
    r"(?:\s*(?:[万wW千kK](?:\d|[一二三四五六七八九](?![十百千万]))?|元|块))?"
)
_MONEY = re.compile(rf"(?P<a>{_AMOUNT})(?:\s*-\s*(?P<b>{_AMOUNT}))?")
_SALARY_WORDS = re.compile(
    r"月薪|工资|薪资|薪水|薪酬|待遇|收入|月入|到手|底薪|保底|综合|日薪|日结|年薪|时薪|工钱|一天|每天|"
    r"每日|一个月|每月|一月|每小时|一小时|1天|1小时|一个工|一工|税前|税后|纯收入|拿"
)
_NOT_SALARY_BEFORE = re.compile(r"(?:补贴?|奖金?|提成|押金|费|补助|罚款?|房租|话费)\s*$")
_NOT_SALARY_AFTER = re.compile(
    r"^\s*(?:周?岁|年(?!薪)|名|人|个|位|号|路|米|平|斤|公里|km|吨|件|小时(?!工资)|点|:|栋|楼|室|天(?!/)|"
    r"月(?!薪)|日|次|班|级|层|台|辆|套|间|分钟|%|cm|kg)",
    re.I,
)
_PERIOD_WORDS: tuple[tuple[SalaryPeriod, str], ...] = (
    ("hour", r"时薪|每小时|一小时|1小时|小时工资"),
    ("day", r"日薪|日结|一天|1天|每天|每日|一日|一个工|一工|每工|日工资|天工资|点工"),
    ("year", r"年薪|一年|每年|年收入|年入"),
    ("month", r"月薪|每月|一个月|一月|月工资|月入|月收入|底薪|保底|月综合"),
)
_PERIOD_BEFORE = re.compile("|".join(f"(?P<{p}>{w})" for p, w in _PERIOD_WORDS))
_PERIOD_AFTER = re.compile(
    r"^(?:\s*(?:元|块))?(?:/|每|一个|一)\s*(?:(?P<hour>小时|时|h\b)|(?P<day>天|日|工)|(?P<year>年)|(?P<month>月))",
    re.I,
)


@dataclass
class _Salary:
    low: int | None = None
    high: int | None = None
    period: SalaryPeriod | None = None
    negotiable: bool = False


def _amount(text: str) -> float | None:
    """5000 / 5千 / 8k / 1.2万 / 1万2 / 三千五 / 6w -> yuan; a bare unit-less part is returned as is."""
    text = text.strip().removesuffix("元").removesuffix("块").strip()
    match = re.fullmatch(r"(.+?)\s*([万wW千kK])(.*)", text)
    if not match:
        return number(text)
    head, unit, tail = match.groups()
    base = number(head)
    if base is None:
        return None
    scale = 10000 if unit in "万wW" else 1000
    value = base * scale
    if tail:
        extra = number(tail)
        if extra is None:
            return None
        value += extra * scale / 10
    return value


def _has_unit(text: str) -> bool:
    return bool(re.search(r"[万wW千kK元块]", text))


def parse_salary(text: str) -> _Salary:
    salary = _Salary(negotiable=bool(re.search(r"面议|面谈|详谈|待遇从优(?!.*\d{4})", text)))
    over_10k = re.search(r"(月薪|月入|工资|收入|年薪)?\s*(过万|上万)", text)
    best: tuple[int, _Salary] | None = None
    for match in _MONEY.finditer(text):
        start, end = match.span()
        if start > 0 and re.match(r"[\dA-Za-z.]", text[start - 1]):
            continue
        a_raw, b_raw = match.group("a"), match.group("b")
        before, after = text[max(0, start - 8) : start], text[end : end + 8]
        if _NOT_SALARY_BEFORE.search(before) or (
            not _has_unit(b_raw or a_raw) and _NOT_SALARY_AFTER.match(after)
        ):
            continue
        a = _amount(a_raw)
        b = _amount(b_raw) if b_raw else None
        if a is None or (b_raw and b is None):
            continue
        keyword = bool(_SALARY_WORDS.search(before))
        if b is not None and not _has_unit(a_raw) and _has_unit(b_raw) and a < 100:
            a = _amount(a_raw + re.sub(r"[^万wW千kK]", "", b_raw)[:1]) or a
        unit = _has_unit(a_raw) or bool(b_raw and _has_unit(b_raw)) or bool(re.match(r"\s*(/|每|一)", after))
        # A bare Chinese numeral is money only with 百/千/万 in it or a salary word before it (日结一百八).
        chinese_bare = not re.search(r"[\d百千万]", a_raw) and not _has_unit(a_raw)
        if (chinese_bare and not keyword) or (a < 10 and not _has_unit(a_raw)):
            continue
        if not (keyword or unit or (a >= 1000 and (b is None or b >= a))):
            continue
        score = 2 * keyword + unit
        if best is None or score > best[0]:
            period = _period(before, after)
            plus = re.match(r"\s*(\+|以上|起|多|往上)", after)
            low, high = int(a), int(b) if b is not None else (None if plus else int(a))
            best = (score, _Salary(low, high, period, salary.negotiable))
    if best is not None:
        found = best[1]
    elif over_10k:
        period = "year" if over_10k.group(1) == "年薪" else "month"
        found = _Salary(10000, None, period)
    elif re.search(r"计件", text):
        return _Salary(negotiable=True)
    else:
        return salary
    if found.period is None and found.low is not None:
        found.period = _infer_period(found.low)
    return found


def _period(before: str, after: str) -> SalaryPeriod | None:
    """The period written next to the amount: 200/天, 一天200, 年薪8万; the nearest word before wins."""
    match = _PERIOD_AFTER.match(after)
    if match and match.lastgroup:
        return match.lastgroup  # type: ignore[return-value]
    hits = list(_PERIOD_BEFORE.finditer(before))
    return hits[-1].lastgroup if hits else None  # type: ignore[return-value]


def _infer_period(low: int) -> SalaryPeriod:
    """Unlabelled amounts: bosses mean per hour below 100, per day below 1000, per year from 50,000."""
    if low < 100:
        return "hour"
    if low < 1000:
        return "day"
    return "year" if low >= 50000 else "month"
