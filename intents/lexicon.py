"""The language data behind understanding (dialect, fillers, synonyms, vocabulary), checked on load."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, field_validator

DATA_DIR = Path(__file__).resolve().parent.parent / "content" / "data" / "intents"


class NormalizationData(BaseModel):
    """Rewrites applied to raw text before it is segmented."""

    phrases: dict[str, str]
    fillers: list[str]
    particles: list[str]
    light_words: list[str]


class ActionRule(BaseModel):
    """One action intent: patterns that trigger it and patterns that rule it out."""

    name: str = Field(pattern=r"^[a-z_]+$")
    patterns: list[str] = Field(min_length=1)
    unless: list[str] = []


class ActionData(BaseModel):
    """All action intents, tried in file order."""

    guards: dict[str, str] = {}
    actions: list[ActionRule]

    @field_validator("actions")
    @classmethod
    def _patterns_compile(cls, actions: list[ActionRule]) -> list[ActionRule]:
        for rule in actions:
            for pattern in rule.patterns:
                re.compile(pattern)
        return actions


class Replies(BaseModel):
    """User-facing texts of the policy Q&A."""

    answer: str
    source: str
    related_header: str
    related_item: str
    clarify_header: str
    clarify_item: str
    clarify_footer: str
    fallback: str
    empty: str
    flows: dict[str, str]


class Lexicon(BaseModel):
    """Everything in ``content/data/intents/`` in one validated object."""

    normalization: NormalizationData
    synonyms: dict[str, str]
    domain_words: list[str]
    out_of_scope: list[str]
    out_of_scope_patterns: list[str] = []
    compound_heads: list[str]
    actions: ActionData
    replies: Replies

    @field_validator("out_of_scope_patterns")
    @classmethod
    def _scope_patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"out_of_scope.yaml pattern {pattern!r}: {error}") from error
        return patterns


def _read(directory: Path, name: str) -> object:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def read_lexicon(directory: Path = DATA_DIR) -> Lexicon:
    """Read and validate the data files in ``directory``."""
    groups = _read(directory, "domain_words.yaml")
    assert isinstance(groups, dict), "domain_words.yaml must map group names to word lists"
    words = [str(word) for group in groups.values() for word in group]
    scope = _read(directory, "out_of_scope.yaml")
    synonyms = _read(directory, "synonyms.yaml") or {}
    assert isinstance(scope, dict) and isinstance(synonyms, dict)
    return Lexicon(
        normalization=NormalizationData.model_validate(_read(directory, "normalize.yaml")),
        synonyms={str(k): str(v) for k, v in synonyms.items()},
        domain_words=list(dict.fromkeys(words)),
        out_of_scope=[str(term) for term in scope["terms"]],
        out_of_scope_patterns=[str(pattern) for pattern in scope.get("patterns", [])],
        compound_heads=[str(term) for term in scope.get("compound_heads", [])],
        actions=ActionData.model_validate(_read(directory, "actions.yaml")),
        replies=Replies.model_validate(_read(directory, "replies.yaml")),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return read_lexicon()
