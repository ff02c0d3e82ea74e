"""WeChat events: follow, unfollow, QR scans, menu clicks, location reports and send reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session

from bot import clock
from bot.gateway.inbound import Inbound
from bot.privacy import hash_openid
from bot.store import users
from bot.store.models import SendReport, User
from content.menu import load_menu
from content.messages import t

log = logging.getLogger("laborbot.events")

# QR-code scene values that start something (``qrscene_<value>`` on follow, ``<value>`` on SCAN).
SCENE_ACTIONS = {"employer": "employer", "enrol": "courses", "job": "find_job"}


@dataclass(frozen=True)
class EventOutcome:
    reply: str | None = None
    action: str | None = None  # the router starts this action (after ``reply``, if any)


@lru_cache(maxsize=1)
def click_actions() -> dict[str, str]:
    return load_menu().click_actions()


def handle_event(session: Session, user: User, inbound: Inbound) -> EventOutcome:
    now = clock.now()
    event = inbound.event
    if event == "subscribe":
        scene = inbound.event_key.removeprefix("qrscene_") if inbound.event_key else None
        returning = users.follow(session, user=user, at=now, scene=scene)
        welcome = t("welcome_back") if returning else t("welcome")
        return EventOutcome(welcome, SCENE_ACTIONS.get(scene or ""))
    if event == "unsubscribe":
        users.unfollow(session, user=user, at=now)
        from bot.outbound import outbox

        outbox.cancel_for_user(session, openid=user.openid, reason="用户已取消关注")
        log.info("unfollowed", extra={"user": hash_openid(user.openid)})
        return EventOutcome()
    if event == "SCAN":
        if inbound.event_key:
            user.qrscene = inbound.event_key[:64]
            session.add(user)
        return EventOutcome(None, SCENE_ACTIONS.get(inbound.event_key, "menu"))
    if event == "CLICK":
        return EventOutcome(None, click_actions().get(inbound.event_key, "menu"))
    if event == "LOCATION" and inbound.latitude is not None and inbound.longitude is not None:
        users.set_location(session, user=user, lat=inbound.latitude, lon=inbound.longitude, at=now)
        return EventOutcome()
    if event in ("TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH"):
        _record_report(session, inbound)
        return EventOutcome()
    if event == "subscribe_msg_popup_event":
        users.grant_consent(
            session, openid=user.openid, purpose="subscribe_msg", notice_version="wechat-popup"
        )
        return EventOutcome()
    return EventOutcome()  # VIEW and anything new: recorded by the router, no reply needed


def _record_report(session: Session, inbound: Inbound) -> None:
    raw = inbound.raw or {}
    msg_id = str(raw.get("MsgID") or raw.get("MsgId") or "")
    payload = {k: v for k, v in raw.items() if isinstance(v, str) and k not in ("ToUserName", "FromUserName")}
    session.add(
        SendReport(
            kind=inbound.event,
            msg_id=msg_id,
            status=inbound.status or None,
            payload=payload,
            received_at=clock.now(),
        )
    )
    if msg_id:
        from bot.outbound import outbox

        outbox.record_report(session, wechat_msg_id=msg_id, status=inbound.status or "")
