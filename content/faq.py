"""Policy Q&A topics: the plan (鲁就办〔2021〕22号) as a knowledge base staff can edit.

Data lives in ``content/data/faq/*.yaml`` (a YAML list of topics per file); this module only
declares the shape and loads it, so the retrieval code in ``intents/`` stays free of I/O.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field
from rapidfuzz import fuzz

FAQ_DIR = Path(__file__).parent / "data" / "faq"


class Topic(BaseModel):
    """One question a worker or employer may ask, with the answer the bot gives."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    phrasings: list[str] = Field(min_length=4)
    answer: str
    source: str
    related: list[str] = []
    keywords: list[str] = []


def load_topics(directory: Path = FAQ_DIR) -> list[Topic]:
    """Read every topic file in ``directory``, in file-name order."""
    topics: list[Topic] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        topics.extend(Topic.model_validate(item) for item in raw)
    return topics


MIN_PHRASINGS = 4
MAX_ANSWER_CHARS = 260
NEAR_DUPLICATE_RATIO = 92.0
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def _normalise_phrasing(text: str) -> str:
    return _PUNCTUATION.sub("", text).lower()


def _answer_length(answer: str) -> int:
    # Whitespace is layout, not reading load on a phone screen.
    return len("".join(answer.split()))


def check_topics(topics: list[Topic]) -> list[str]:
    """Find editorial mistakes that validation of single topics cannot see; empty list means clean."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    for topic in topics:
        if topic.id in seen_ids:
            problems.append(f"重复的 id / duplicate id: {topic.id}")
        seen_ids.add(topic.id)
    for topic in topics:
        for related in topic.related:
            if related not in seen_ids:
                problems.append(f"{topic.id}: 相关条目不存在 / unknown related id: {related}")
            elif related == topic.id:
                problems.append(f"{topic.id}: 相关条目指向自己 / related to itself")
        if not topic.source.strip():
            problems.append(f"{topic.id}: 缺少出处 / empty source")
        if not topic.answer.strip():
            problems.append(f"{topic.id}: 缺少答案 / empty answer")
        length = _answer_length(topic.answer)
        if length > MAX_ANSWER_CHARS:
            problems.append(
                f"{topic.id}: 答案过长（{length}字，上限{MAX_ANSWER_CHARS}）"
                f"/ answer too long ({length} > {MAX_ANSWER_CHARS} chars)"
            )
        if len(topic.phrasings) < MIN_PHRASINGS:
            problems.append(
                f"{topic.id}: 问法少于{MIN_PHRASINGS}个 / fewer than {MIN_PHRASINGS} phrasings"
                f" ({len(topic.phrasings)})"
            )
    problems.extend(_near_duplicate_phrasings(topics))
    return problems


def _near_duplicate_phrasings(topics: list[Topic]) -> list[str]:
    """Two topics sharing a phrasing make retrieval pick between them by chance."""
    entries = [
        (topic.id, phrasing, _normalise_phrasing(phrasing))
        for topic in topics
        for phrasing in topic.phrasings
    ]
    problems: list[str] = []
    for index, (first_id, first_text, first_norm) in enumerate(entries):
        for second_id, second_text, second_norm in entries[index + 1 :]:
            if first_id == second_id:
                continue
            if fuzz.ratio(first_norm, second_norm) >= NEAR_DUPLICATE_RATIO:
                problems.append(
                    f"问法重复 / near-duplicate phrasing: {first_id}「{first_text}」"
                    f" ≈ {second_id}「{second_text}」"
                )
    return problems
