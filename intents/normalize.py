"""Rewrites what people type (full width, emoji, fillers, dialect) into the plain Mandarin the FAQ uses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from intents.lexicon import NormalizationData, default_lexicon

# WeChat sends its built-in faces as text such as "[微笑]" or "/::)".
_WECHAT_FACE = re.compile(r"\[[^\[\]\s]{1,4}\]|/:[^\s\u4e00-\u9fff]{1,6}")
_DROPPED_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cf", "Mn", "Me"}
_CN_DIGIT = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = "[零一二两三四五六七八九十百千]+"
# A Chinese number used as a quantity ("三到五个", "五百人"), written the way the policy writes it.
_QUANTITY = re.compile(f"({_CN_NUMBER})(?:(到|至)({_CN_NUMBER}))?(?=[个人名万年月号日天岁倍部类级项家批期])")


def _alternation(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered)) if ordered else re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Normalizer:
    """Compiled rewriting rules; build once with :meth:`from_data`."""

    phrases: dict[str, str]
    phrase_pattern: re.Pattern[str]
    filler_pattern: re.Pattern[str]
    particle_tail: re.Pattern[str]

    @classmethod
    def from_data(cls, data: NormalizationData) -> Normalizer:
        particles = "".join(re.escape(p) for p in data.particles)
        return cls(
            phrases=dict(data.phrases),
            phrase_pattern=_alternation(list(data.phrases)),
            filler_pattern=_alternation(data.fillers),
            particle_tail=re.compile(f"[{particles}]+$") if particles else re.compile(r"(?!x)x"),
        )

    def clauses(self, text: str) -> list[str]:
        """Split the cleaned text into clauses, each rewritten to standard form."""
        out: list[str] = []
        for clause in _split_clauses(_clean_characters(text)):
            clause = self.phrase_pattern.sub(lambda m: self.phrases[m.group(0)], clause)
            clause = arabic_quantities(clause)
            clause = self.filler_pattern.sub("", clause)
            clause = self.particle_tail.sub("", clause)
            if clause:
                out.append(clause)
        return out

    def __call__(self, text: str) -> str:
        return " ".join(self.clauses(text))


def _cn_to_int(numeral: str) -> int:
    if not any(c in _CN_UNIT for c in numeral):
        return int("".join(str(_CN_DIGIT[c]) for c in numeral))
    total = current = 0
    for char in numeral:
        if char in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[char]
            current = 0
        else:
            current = _CN_DIGIT[char]
    return total + current


def _quantity(match: re.Match[str]) -> str:
    first, _, second = match.groups()
    if second is None and first == "一":
        return first  # 一个, 一年: an article more than a count
    if second is None:
        return str(_cn_to_int(first))
    return f"{_cn_to_int(first)}-{_cn_to_int(second)}"


def arabic_quantities(text: str) -> str:
    """Chinese quantities in Arabic digits: "三到五个" -> "3-5个", "二十万" -> "20万"."""
    return _QUANTITY.sub(_quantity, text)


def _clean_characters(text: str) -> str:
    """Half-width, lower case, no emoji or invisible characters; punctuation becomes a space."""
    text = _WECHAT_FACE.sub(" ", unicodedata.normalize("NFKC", text)).lower()
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category in _DROPPED_CATEGORIES:
            continue
        kept.append(" " if category[0] in "PZ" or char.isspace() else char)
    return "".join(kept)


def _split_clauses(text: str) -> list[str]:
    return [part for part in text.split(" ") if part]


@lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    """The normaliser built from the shipped data, once per process."""
    return Normalizer.from_data(default_lexicon().normalization)


def normalize(text: str) -> str:
    """Standard-form text, clauses separated by spaces: "俺想问问，补助咋领哩？" -> "补助怎么领"."""
    return default_normalizer()(text)
