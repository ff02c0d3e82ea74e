"""Which flow handles which action, and which action a menu click means.

A capability plugs in here: write ``bot/flows/<name>.py`` with a ``Flow`` subclass, add it to
``FLOWS`` and map its action names in ``ACTIONS``; menu ``CLICK`` keys come from
``content/data/menu.yaml``. Nothing in the gateway changes.
"""

from __future__ import annotations

from bot.flows.base import Flow
from bot.flows.faq import FaqFlow

FLOWS: dict[str, Flow] = {flow.name: flow for flow in (FaqFlow(),)}

# action intent → flow name. Actions with no flow yet get an honest "coming soon" reply.
ACTIONS: dict[str, str] = {}


def flow_for_state(state: str) -> Flow | None:
    return FLOWS.get(state.split(":", 1)[0])


def flow_for_action(action: str) -> Flow | None:
    name = ACTIONS.get(action)
    return FLOWS.get(name) if name else None
