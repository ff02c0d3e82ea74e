"""Action intents (报名, 找工作, 转人工…): things the user wants done, found before the FAQ is searched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intents.lexicon import ActionData, default_lexicon

ACTION_NAMES = (
    "enrol",
    "courses",
    "brands",
    "find_job",
    "post_vacancy",
    "employer",
    "my_status",
    "complaint",
    "human",
    "delete_data",
    "menu",
)


@dataclass(frozen=True, slots=True)
class _CompiledAction:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]


class ActionMatcher:
    """Tries each action's patterns in data order; the first that matches and is not ruled out wins."""

    def __init__(self, data: ActionData) -> None:
        unknown = {rule.name for rule in data.actions} - set(ACTION_NAMES)
        if unknown:
            raise ValueError(f"actions.yaml names unknown actions: {sorted(unknown)}")
        self._rules = tuple(
            _CompiledAction(
                name=rule.name,
                patterns=tuple(re.compile(p) for p in rule.patterns),
                unless=tuple(re.compile(data.guards.get(u, u)) for u in rule.unless),
            )
            for rule in data.actions
        )

    def detect(self, normalized: str) -> str | None:
        """The action asked for in already normalised text, or None for a question."""
        for rule in self._rules:
            if any(p.search(normalized) for p in rule.patterns) and not any(
                u.search(normalized) for u in rule.unless
            ):
                return rule.name
        return None


@lru_cache(maxsize=1)
def default_actions() -> ActionMatcher:
    """The matcher built from ``content/data/intents/actions.yaml``, once per process."""
    return ActionMatcher(default_lexicon().actions)
