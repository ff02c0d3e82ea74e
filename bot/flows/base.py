"""What every flow is made of.

A flow declares its states (a ``StrEnum`` whose values look like ``"enrol:phone"``), asks the
question of a state (``ask``), and handles the user's answer in that state (``handle``), returning
the next ``Step``. The router persists the state and a small data dict per user, and provides the
global commands (菜单, 取消, 返回, 转人工) in every state, so flows never implement them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sqlmodel import Session

from bot.gateway.inbound import Inbound
from bot.store.models import User

if TYPE_CHECKING:
    from bot.context import AppContext


@dataclass
class Turn:
    """One inbound message as a flow sees it."""

    openid: str
    text: str  # what the user wrote or said (voice recognition), trimmed; "" for events
    inbound: Inbound
    session: Session
    data: dict[str, Any]  # the flow's own data, persisted with the state
    app: AppContext
    outbound: list[str] = field(default_factory=list)  # further messages to send after the reply
    _user: User | None = field(default=None, repr=False)

    @property
    def user(self) -> User:
        """The user's row, loaded on first use (most messages never need it)."""
        if self._user is None:
            from bot.store.users import get_or_create

            self._user = get_or_create(self.session, openid=self.openid)
        return self._user

    def wants_another_action(self, text: str, among: Collection[str] | None = None) -> bool:
        """The input reads as a new request ("找工作", "我的报名") rather than an answer to the question
        asked; ``among`` limits which requests count."""
        understood = self.app.understander.understand(text)
        return understood.kind == "action" and (among is None or understood.action in among)


@dataclass(frozen=True)
class Step:
    """What a flow answers: the reply text and the next state (``None`` ends the flow)."""

    text: str
    state: str | None = None
    retry: bool = False  # the input was not understood: the router adds the question and counts it
    reroute: bool = False  # not an answer to this flow: end it and treat the input as a fresh message

    @classmethod
    def again(cls, hint: str, state: str) -> Step:
        """Stay in ``state``; the router appends the state's question after ``hint``."""
        return cls(hint, state, retry=True)

    @classmethod
    def elsewhere(cls, note: str = "") -> Step:
        """End this flow and let the router handle the same input from scratch; ``note`` (e.g.
        "已退出报名") is shown before that reply."""
        return cls(note, None, reroute=True)


class Flow(ABC):
    """A multi-step conversation. Subclasses are stateless: all state is in ``Turn.data``."""

    name: ClassVar[str]  # the prefix of its states, e.g. "enrol"
    title: ClassVar[str]  # how users hear of it, e.g. "培训报名"
    # A light flow (a "did you mean" list) ends quietly when the user turns to a global command.
    sticky: ClassVar[bool] = True

    @abstractmethod
    def begin(self, turn: Turn, **params: Any) -> Step:
        """Start the flow (from an intent, a menu click or another flow)."""

    @abstractmethod
    def ask(self, state: str, turn: Turn) -> str:
        """The question of ``state``, used again after a hint, after 返回 and after 菜单."""

    @abstractmethod
    def handle(self, state: str, turn: Turn) -> Step:
        """Handle the user's answer in ``state``."""

    def cancel(self, turn: Turn) -> None:  # noqa: B027  (optional hook)
        """Undo anything half-done when the user cancels or the flow times out."""
