"""Numbers as bosses type them in Chinese job ads: digits, 十名, 两人, 三千五."""

from __future__ import annotations

import re

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM = "[零〇一二两俩三四五六七八九十百千万]+"


def chinese_number(text: str) -> int | None:
    """一 / 十 / 二十 / 两百 / 三千五 -> int; None when it is not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, section, digit, last_unit, zero = 0, 0, 0, 1, False
    for ch in text:
        if ch in ("零", "〇"):
            zero = True
        elif ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit, last_unit = 0, 0, 10000
        else:
            unit = _CN_UNITS[ch]
            section += (digit or 1) * unit
            digit, last_unit = 0, unit
    # 三千五 means 3500: a trailing digit counts in the next unit down.
    scaled = digit and last_unit >= 100 and not zero and text[-1] in _CN_DIGITS
    tail = digit * (last_unit // 10) if scaled else digit
    return total + section + tail


def number(text: str) -> float | None:
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    value = chinese_number(text)
    return float(value) if value is not None else None
