"""“删除我的信息”: every capability that stores personal data registers how to erase it here.

An eraser gets the session and the openid and removes or anonymises what its tables hold for
that person, keeping only anonymous counts. ``erase_user`` runs them all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, delete, update

from bot.store.models import Consent, Conversation, DeadLetter, HandoffRequest, InboundMessage

Eraser = Callable[[Session, str], None]
ERASERS: list[Eraser] = []


def register(eraser: Eraser) -> Eraser:
    ERASERS.append(eraser)
    return eraser


@register
def _foundation(session: Session, openid: str) -> None:
    session.exec(update(InboundMessage).where(col(InboundMessage.openid) == openid).values(content=None))
    session.exec(update(HandoffRequest).where(col(HandoffRequest.openid) == openid).values(context=None))
    session.exec(delete(DeadLetter).where(col(DeadLetter.openid) == openid))
    session.exec(delete(Conversation).where(col(Conversation.openid) == openid))
    session.exec(delete(Consent).where(col(Consent.openid) == openid))


def erase_user(session: Session, openid: str) -> None:
    _load_erasers()
    for eraser in ERASERS:
        eraser(session, openid)


def _load_erasers() -> None:
    """Import the modules that register erasers (listed so none is forgotten)."""
    from importlib import import_module

    for name in ERASER_MODULES:
        import_module(name)


# Modules whose import registers an eraser; add yours here.
ERASER_MODULES: list[str] = ["bot.services.employment_erasure", "bot.services.training"]
