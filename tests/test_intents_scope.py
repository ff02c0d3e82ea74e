"""The shipped knowledge base: everyday errands and other programmes' subsidies are refused, while the
policy questions that share their words are still answered."""

from __future__ import annotations

import pytest

from content.faq import load_topics
from intents.engine import FaqEngine
from intents.lexicon import Lexicon, default_lexicon
from intents.understand import understand


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.build(load_topics())


@pytest.mark.parametrize(
    "question",
    [
        "快递怎么查物流",
        "身份证丢了怎么补办",
        "微信怎么注销",
        "生孩子有啥补贴",
        "高龄老人补贴在哪领",
        "明天济南天气咋样",
        "房贷利率现在多少",
        "驾照怎么考",
        "养老金怎么领",
        "车保险哪家便宜",
        "手机坏了找谁修",
    ],
)
def test_everyday_questions_fall_back(engine: FaqEngine, question: str) -> None:
    assert understand(question, engine).kind == "fallback"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("俺想问问那个陪训补贴咋领", "training-subsidy"),
        ("培训补贴发给个人还是发给学校", "training-subsidy"),
        ("单位扣我身份证合法吗", "no-deposit-no-id-retention"),
        ("快递物流属于哪类劳务品牌", "brand-type-livelihood"),
        ("技师有什么人才政策", "high-skill-talent"),
        ("老板让俺签自愿放弃社保的声明", "social-insurance"),
        ("给劳务品牌上保险有啥政策", "brand-insurance"),
        ("俺们的手机号码会不会泄露", "bot-privacy"),
    ],
)
def test_questions_sharing_those_words_are_answered(engine: FaqEngine, question: str, topic: str) -> None:
    result = understand(question, engine)
    assert (result.kind, result.topic_id) == ("answer", topic)


def test_everyday_patterns_scale_every_topic_down(engine: FaqEngine) -> None:
    analysis = engine.analyse("快递怎么查物流")
    assert engine.is_everyday_matter(analysis)
    assert not engine.is_everyday_matter(engine.analyse("快递物流属于哪类劳务品牌"))


def test_broken_everyday_pattern_is_rejected() -> None:
    data = default_lexicon().model_dump()
    data["out_of_scope_patterns"] = ["(unclosed"]
    with pytest.raises(ValueError, match=r"out_of_scope\.yaml pattern"):
        Lexicon.model_validate(data)
