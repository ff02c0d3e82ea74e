"""Policy Q&A: answer, or ask "您是想问：1… 2… 3…" (at most two rounds), or say plainly we don't know.

```mermaid
stateDiagram-v2
    [*] --> answer: confident and clear of the runner-up
    [*] --> clarify: close candidates
    [*] --> fallback: out of scope or unsure (转人工, 12333)
    clarify --> answer: a number
    clarify --> clarify: a new question, still unsure (round 2)
    clarify --> fallback: unsure after two rounds
    clarify --> [*]: an action or a global command
    answer --> [*]
    fallback --> [*]
```
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.flows.base import Flow, Step, Turn
from bot.services.understanding import Understood

MAX_CLARIFY_ROUNDS = 2


class FaqState(StrEnum):
    clarify = "faq:clarify"


class FaqFlow(Flow):
    name = "faq"
    title = "政策问答"
    sticky = False

    def begin(self, turn: Turn, **params: Any) -> Step:
        """Answers the question the router already understood."""
        understood: Understood = params.get("understood") or turn.app.understander.understand(turn.text)
        return self._reply(turn, understood, rounds=0)

    def ask(self, state: str, turn: Turn) -> str:
        return str(turn.data.get("clarify_text") or "请回复序号选择您想问的问题。")

    def handle(self, state: str, turn: Turn) -> Step:
        """Picks a numbered candidate, or takes the input as a new question."""
        candidates: list[str] = list(turn.data.get("candidates") or [])
        choice = turn.text.strip().rstrip(".、")
        if choice.isdigit():
            index = int(choice) - 1
            if 0 <= index < len(candidates):
                return self._reply(turn, turn.app.understander.answer(candidates[index]), rounds=0)
            return Step.again(f"请回复1到{len(candidates)}之间的数字。", state)
        understood = turn.app.understander.understand(turn.text)
        if understood.kind == "action":
            return Step.elsewhere()
        rounds = int(turn.data.get("rounds", 0)) + 1
        if understood.kind == "clarify" and rounds >= MAX_CLARIFY_ROUNDS:
            return self._reply(turn, turn.app.understander.fallback(), rounds=rounds)
        return self._reply(turn, understood, rounds=rounds)

    def _reply(self, turn: Turn, understood: Understood, *, rounds: int) -> Step:
        if understood.kind == "clarify" and understood.candidates:
            turn.data.update(
                candidates=list(understood.candidates), rounds=rounds, clarify_text=understood.text
            )
            return Step(understood.text, FaqState.clarify)
        return Step(understood.text)
