"""Retrieval and the decision layer on a small fixture of topics, independent of the shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.faq import load_topics
from intents.engine import ENGINE_KINDS, FaqEngine
from intents.render import render_reply
from intents.understand import understand

FIXTURE = Path(__file__).parent / "data" / "intents_fixture_faq"


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.build(load_topics(FIXTURE))


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("俺想问问培训有补助吗", "training-subsidy"),
        ("陪训补贴咋领", "training-subsidy"),
        ("代款怎么申请", "startup-loan"),
        ("正书怎么考", "skill-certificate"),
        ("学手艺国家给钱不", "training-subsidy"),
        ("劳务品牌是啥", "brand-what"),
        ("欠薪了去哪投诉", "rights"),
        ("技师能评职称不", "talent-policy"),
    ],
)
def test_answers_paraphrases(engine: FaqEngine, question: str, topic: str) -> None:
    result = understand(question, engine)
    assert (result.kind, result.topic_id) == ("answer", topic)


@pytest.mark.parametrize(
    "question",
    ["房贷利率多少", "驾照怎么考", "养老金怎么领", "幼儿园补贴怎么申请", "今天天气怎么样", "火车票怎么买"],
)
def test_lexical_traps_fall_back(engine: FaqEngine, question: str) -> None:
    assert understand(question, engine).kind == "fallback"


def test_trap_scores_stay_far_below_the_real_topic(engine: FaqEngine) -> None:
    trap = engine.search("房贷利率多少", k=1)
    real = engine.search("创业贷款利率多少", k=1)
    assert real[0].topic_id == "startup-loan"
    assert not trap or trap[0].score < real[0].score / 3


def test_ambiguous_question_asks_which(engine: FaqEngine) -> None:
    result = understand("补贴", engine)
    assert result.kind == "clarify"
    assert set(result.candidates[:2]) == {"training-subsidy", "startup-subsidy"}


def test_search_is_ranked_and_bounded(engine: FaqEngine) -> None:
    hits = engine.search("培训补贴怎么领", k=3)
    assert len(hits) == 3
    assert hits[0].topic_id == "training-subsidy"
    assert hits[0].score >= hits[1].score >= hits[2].score
    assert 0 < hits[0].score <= 1.0 + 1e-6


@pytest.mark.parametrize("kind", ENGINE_KINDS)
def test_every_engine_finds_an_exact_phrasing(kind: str) -> None:
    engine = FaqEngine.build(load_topics(FIXTURE), kind)  # type: ignore[arg-type]
    assert engine.search("创业担保贷款怎么申请", k=1)[0].topic_id == "startup-loan"


def test_rendered_replies(engine: FaqEngine) -> None:
    answer = render_reply(understand("培训补贴怎么领", engine), "培训补贴怎么领", engine.by_id)
    assert answer.kind == "answer"
    assert "依据：鲁就办〔2021〕22号 二（二）" in answer.text
    assert "· 培训后能拿到什么证书" in answer.text
    clarify = render_reply(understand("补贴", engine), "补贴", engine.by_id)
    assert clarify.kind == "clarify"
    assert clarify.text.startswith("您是想问：\n1. ")
    fallback = render_reply(understand("驾照怎么考", engine), "驾照怎么考", engine.by_id)
    assert fallback.kind == "fallback"
    assert "转人工" in fallback.text and "12333" in fallback.text
    flow = render_reply(
        understand("我要报名", engine), "我要报名", engine.by_id, flow_reply=lambda a, t: f"{a}:{t}"
    )
    assert (flow.kind, flow.topic, flow.text) == ("flow", "enrol", "enrol:我要报名")


@pytest.fixture(scope="module")
def real_engine() -> FaqEngine:
    return FaqEngine.build(load_topics())


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("定岗定向培训到底是啥", "targeted-training"),
        ("什么叫劳务品牌建设单位", "unit-definition"),
        ("一次性创业补贴是啥意思", "startup-one-time-subsidy"),
    ],
)
def test_what_is_x_goes_to_the_topic_naming_x(real_engine: FaqEngine, question: str, topic: str) -> None:
    defined = real_engine.defined_topic(real_engine.analyse(question))  # type: ignore[attr-defined]
    assert defined is not None and real_engine.topics[defined].id == topic
    assert understand(question, real_engine).topic_id == topic


def test_a_shared_name_decides_nothing(real_engine: FaqEngine) -> None:
    # 500人 is a keyword of both quota topics: "是什么" next to it names neither alone.
    assert real_engine.defined_topic(real_engine.analyse("500人是什么")) is None  # type: ignore[attr-defined]
