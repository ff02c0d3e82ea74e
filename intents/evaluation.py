"""Scores an engine on a labelled question set: accuracy, refusals, clarifications, latency, errors."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel

from intents.engine import FaqEngine
from intents.understand import Understanding, understand


class LabelledQuestion(BaseModel):
    """One question and the topic it is about (None when the bot should not answer it)."""

    q: str
    topic: str | None


def load_labelled(path: Path) -> list[LabelledQuestion]:
    """Read a YAML list of ``{q, topic}``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [LabelledQuestion.model_validate(item) for item in raw]


@dataclass
class EvalReport:
    """Figures for one engine on one labelled set."""

    kind: str
    in_scope: int = 0
    correct: int = 0
    out_of_scope: int = 0
    refused: int = 0
    clarified: int = 0
    flows: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    mistakes: list[tuple[str, str | None, Understanding]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def clarify_rate(self) -> float:
        total = self.in_scope + self.out_of_scope
        return self.clarified / total if total else 0.0

    def percentile_ms(self, pct: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def evaluate(engine: FaqEngine, questions: Sequence[LabelledQuestion]) -> EvalReport:
    """Run every question through :func:`understand` as the bot would (actions first)."""
    report = EvalReport(kind=engine.kind)
    for item in questions:
        started = time.perf_counter()
        result = understand(item.q, engine)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        report.clarified += result.kind == "clarify"
        report.flows += result.kind == "action"
        if item.topic is None:
            report.out_of_scope += 1
            if result.kind in ("fallback", "clarify"):
                report.refused += 1
            else:
                report.errors[f"(out of scope) -> {result.topic_id or result.action}"] += 1
                report.mistakes.append((item.q, None, result))
        else:
            report.in_scope += 1
            if result.kind == "answer" and result.topic_id == item.topic:
                report.correct += 1
            else:
                report.errors[item.topic] += 1
                report.mistakes.append((item.q, item.topic, result))
    return report
