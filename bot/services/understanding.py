"""The bridge from the pure ``intents`` package to the bot: text in, an ``Understood`` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Kind = Literal["answer", "clarify", "fallback", "action"]


@dataclass(frozen=True)
class Understood:
    kind: Kind
    text: str = ""  # the rendered reply for answer / clarify / fallback
    action: str | None = None
    topic_id: str | None = None
    candidates: tuple[str, ...] = ()
    score: float = 0.0


class Understander(Protocol):
    def understand(self, text: str) -> Understood: ...
    def answer(self, topic_id: str) -> Understood: ...
    def fallback(self) -> Understood: ...
