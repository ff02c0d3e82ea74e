"""The decision layer: answer, offer choices, start a flow, or admit the bot does not know."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from intents.actions import ActionMatcher, default_actions
from intents.engine import FaqEngine

Kind = Literal["answer", "clarify", "fallback", "action"]
MAX_CHOICES = 3
# Choices offered in a clarify list must be close to the best one, or they are noise.
CHOICE_SPREAD = 0.25
# A runner-up the best topic already lists as related is shown under the answer anyway, so the answer
# needs a smaller lead over it than over an unrelated topic.
RELATED_MARGIN_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the bot should do with one message."""

    kind: Kind
    topic_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    action: str | None = None
    score: float = 0.0


def names_only_an_occupation(text: str) -> bool:
    """The whole message is the name of an occupation (exactly, as an alias in the classification)."""
    from intents.occupations import exact_occupation

    bare = text.strip().rstrip("。.!！?？~～")
    return 0 < len(bare) <= 8 and exact_occupation(bare) is not None


def understand(text: str, engine: FaqEngine, actions: ActionMatcher | None = None) -> Understanding:
    """Actions first, then the FAQ with a confidence threshold and a margin over the runner-up."""
    analysis = engine.analyse(text)
    if not analysis.text:
        # Only a greeting, emoji or punctuation: show what the bot can do.
        return Understanding(kind="action", action="menu", score=1.0)
    action = (actions or default_actions()).detect(analysis.text)
    if action is not None:
        return Understanding(kind="action", action=action, score=1.0)
    if names_only_an_occupation(text):
        # "月嫂", "电焊工": a worker naming a trade wants its courses, not a policy answer.
        return Understanding(kind="action", action="courses", score=1.0)
    hits = engine.search_analysis(analysis, k=MAX_CHOICES)
    limits = engine.thresholds
    if not hits or hits[0].score < limits.clarify:
        return Understanding(kind="fallback", score=hits[0].score if hits else 0.0)
    best = hits[0]
    runner_up = hits[1].score if len(hits) > 1 else 0.0
    margin = limits.margin
    if len(hits) > 1 and hits[1].topic_id in engine.by_id[best.topic_id].related:
        margin *= RELATED_MARGIN_SHARE
    if best.score >= limits.answer and best.score - runner_up >= margin:
        return Understanding(
            kind="answer", topic_id=best.topic_id, candidates=[best.topic_id], score=best.score
        )
    choices = [h.topic_id for h in hits if h.score >= max(limits.clarify, best.score - CHOICE_SPREAD)]
    return Understanding(kind="clarify", candidates=choices, score=best.score)
