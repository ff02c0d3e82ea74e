"""The policy knowledge base and its dev set stay consistent as staff edit them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content.faq import MAX_ANSWER_CHARS, Topic, check_topics, load_topics

DEV_SET = Path(__file__).parent / "data" / "faq_dev.yaml"


@pytest.fixture(scope="module")
def topics() -> list[Topic]:
    return load_topics()


@pytest.fixture(scope="module")
def dev_set() -> list[dict[str, str | None]]:
    return yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))


def _topic(topic_id: str, *, related: list[str] | None = None, answer: str = "答案。") -> Topic:
    return Topic(
        id=topic_id,
        title=topic_id,
        phrasings=[f"{topic_id} 问法{n}" for n in range(4)],
        answer=answer,
        source="鲁就办〔2021〕22号 二（二）",
        related=related or [],
    )


def test_knowledge_base_is_large_enough(topics: list[Topic]) -> None:
    assert len(topics) >= 60


def test_knowledge_base_has_no_problems(topics: list[Topic]) -> None:
    assert check_topics(topics) == []


def test_every_topic_cites_a_source_and_keeps_answers_short(topics: list[Topic]) -> None:
    for topic in topics:
        assert topic.source.strip(), topic.id
        assert len("".join(topic.answer.split())) <= MAX_ANSWER_CHARS, topic.id
        assert not topic.answer.lstrip().startswith("#"), topic.id


def test_key_figures_of_the_plan_are_answered(topics: list[Topic]) -> None:
    answers = {topic.id: topic.answer for topic in topics}
    assert "20个左右" in answers["goal-brand-count"]
    assert "50个左右" in answers["goal-brand-count"]
    assert "20万名以上" in answers["goal-workers-count"]
    assert "不低于500人" in answers["unit-training-quota"]
    assert "不低于500人" in answers["unit-output-quota"]
    assert "12333" in answers["training-subsidy"]


def test_dev_set_labels_exist(topics: list[Topic], dev_set: list[dict[str, str | None]]) -> None:
    ids = {topic.id for topic in topics}
    unknown = [item for item in dev_set if item["topic"] is not None and item["topic"] not in ids]
    assert unknown == []


def test_dev_set_size_and_out_of_scope_share(dev_set: list[dict[str, str | None]]) -> None:
    assert len(dev_set) >= 200
    assert sum(1 for item in dev_set if item["topic"] is None) >= 40
    questions = [item["q"] for item in dev_set]
    assert len(questions) == len(set(questions))


def test_dev_questions_are_not_copies_of_phrasings(
    topics: list[Topic], dev_set: list[dict[str, str | None]]
) -> None:
    phrasings = {phrasing for topic in topics for phrasing in topic.phrasings}
    assert [item["q"] for item in dev_set if item["q"] in phrasings] == []


def test_check_topics_catches_a_broken_list() -> None:
    broken = [
        _topic("alpha", related=["missing-topic"]),
        _topic("alpha"),
        _topic("beta", answer="很长的答案" * 60),
    ]
    problems = check_topics(broken)
    assert any("duplicate id: alpha" in problem for problem in problems)
    assert any("unknown related id: missing-topic" in problem for problem in problems)
    assert any(problem.startswith("beta:") and "answer too long" in problem for problem in problems)


def test_check_topics_catches_near_duplicate_phrasings_and_empty_source() -> None:
    first = _topic("first").model_copy(update={"phrasings": ["培训补贴咋领？", "a", "b", "c"]})
    second = _topic("second").model_copy(update={"phrasings": ["培训补贴咋领", "d", "e"], "source": " "})
    problems = check_topics([first, second])
    assert any("near-duplicate phrasing" in problem for problem in problems)
    assert any(problem == "second: 缺少出处 / empty source" for problem in problems)
    assert any(problem.startswith("second:") and "fewer than 4 phrasings" in problem for problem in problems)
