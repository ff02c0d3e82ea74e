"""Per-user customer-service budget: 5 sends in 48 h after a message, 3 in a minute after an event.

WeChat refuses sends outside these (45015/45047); counting them here lets the service choose another
channel or wait instead of spending API calls on refusals. The two windows are separate allowances;
a send takes from the event window first because it lapses within the minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, update

from bot.outbound.outcomes import OUTSIDE_WINDOW, OVER_BUDGET
from bot.store.models import ServiceWindow
from bot.store.rawsql import Raw

MESSAGE_WINDOW = timedelta(hours=48)
MESSAGE_SENDS = 5
EVENT_WINDOW = timedelta(minutes=1)
EVENT_SENDS = 3

Interaction = Literal["message", "click", "subscribe", "scan"]
Window = Literal["event", "message"]


def record_interaction(session: Session, *, openid: str, kind: Interaction, at: datetime) -> None:
    """A message opens (or renews) the 48-hour window; a click, follow or scan the one-minute window.

    Runs for every inbound message, so it is one hand-written upsert (see ``bot.store.rawsql``)."""
    if kind == "message":
        at_col, spent_col = "message_at", "message_spent"
    elif kind in ("click", "subscribe", "scan"):
        at_col, spent_col = "click_at", "click_spent"
    else:
        raise ValueError(f"unknown interaction kind: {kind}")
    raw = Raw(session)
    raw.execute(
        f"INSERT INTO service_window (openid, message_spent, click_spent, {at_col}) "
        "VALUES (:openid, 0, 0, :at) "
        f"ON CONFLICT (openid) DO UPDATE SET {at_col} = excluded.{at_col}, {spent_col} = 0",
        {"openid": openid, "at": raw.time(at)},
    )


def _open_event(at: datetime) -> ColumnElement[bool]:
    return col(ServiceWindow.click_at) > at - EVENT_WINDOW


def _open_message(at: datetime) -> ColumnElement[bool]:
    return col(ServiceWindow.message_at) > at - MESSAGE_WINDOW


def remaining(session: Session, *, openid: str, at: datetime) -> int:
    """Customer-service messages that may still be sent to ``openid`` at ``at``."""
    row = session.get(ServiceWindow, openid, populate_existing=True)
    if row is None:
        return 0
    left = 0
    if row.click_at and at - EVENT_WINDOW < row.click_at:
        left += max(EVENT_SENDS - row.click_spent, 0)
    if row.message_at and at - MESSAGE_WINDOW < row.message_at:
        left += max(MESSAGE_SENDS - row.message_spent, 0)
    return left


def spend(session: Session, *, openid: str, at: datetime) -> Window | None:
    """Take one send from an open window; a conditional UPDATE, so it never spends what is not there."""
    event = session.exec(
        update(ServiceWindow)
        .where(
            col(ServiceWindow.openid) == openid, _open_event(at), col(ServiceWindow.click_spent) < EVENT_SENDS
        )
        .values(click_spent=col(ServiceWindow.click_spent) + 1)
    )
    if event.rowcount == 1:
        return "event"
    message = session.exec(
        update(ServiceWindow)
        .where(
            col(ServiceWindow.openid) == openid,
            _open_message(at),
            col(ServiceWindow.message_spent) < MESSAGE_SENDS,
        )
        .values(message_spent=col(ServiceWindow.message_spent) + 1)
    )
    return "message" if message.rowcount == 1 else None


def try_spend(session: Session, *, openid: str, at: datetime) -> bool:
    return spend(session, openid=openid, at=at) is not None


def refund(session: Session, *, openid: str, window: Window) -> None:
    """Give back a send WeChat did not deliver (network error, refusal unrelated to the budget)."""
    column = col(ServiceWindow.click_spent) if window == "event" else col(ServiceWindow.message_spent)
    session.exec(
        update(ServiceWindow)
        .where(col(ServiceWindow.openid) == openid, column > 0)
        .values({column: column - 1})
    )


def exhaust(session: Session, *, openid: str) -> None:
    """WeChat said no (45015/45047): trust it over our count until the user interacts again."""
    session.exec(
        update(ServiceWindow)
        .where(col(ServiceWindow.openid) == openid)
        .values(click_spent=EVENT_SENDS, message_spent=MESSAGE_SENDS)
    )


def refusal_code(session: Session, *, openid: str, at: datetime) -> int:
    """The errcode WeChat would give: 45047 when a window is open but spent, else 45015."""
    row = session.get(ServiceWindow, openid, populate_existing=True)
    if row is None:
        return OUTSIDE_WINDOW
    event_open = row.click_at is not None and at - EVENT_WINDOW < row.click_at
    message_open = row.message_at is not None and at - MESSAGE_WINDOW < row.message_at
    return OVER_BUDGET if event_open or message_open else OUTSIDE_WINDOW
