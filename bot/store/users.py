"""Data functions for users, consent and hand-off requests."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select, update

from bot import clock
from bot.store.models import Consent, HandoffRequest, User
from bot.store.upsert import insert_ignore


def get_or_create(session: Session, *, openid: str) -> User:
    user = session.exec(select(User).where(User.openid == openid)).first()
    if user is None:
        insert_ignore(
            session, User, {"openid": openid, "role": "worker", "followed": True, "created_at": clock.now()}
        )
        user = session.exec(select(User).where(User.openid == openid)).one()
    return user


def mark_inbound(session: Session, *, user: User, at: datetime) -> None:
    """A user message opens WeChat's 48-hour window; it also shows they still follow us."""
    user.last_inbound_at = at
    user.followed = True
    session.add(user)


def follow(session: Session, *, user: User, at: datetime, scene: str | None) -> bool:
    """Record a follow; return whether this user had followed before."""
    returning = user.followed_at is not None
    user.followed, user.followed_at, user.unfollowed_at = True, at, None
    if scene:
        user.qrscene = scene[:64]
    session.add(user)
    return returning


def unfollow(session: Session, *, user: User, at: datetime) -> None:
    user.followed, user.unfollowed_at = False, at
    session.add(user)


def set_location(session: Session, *, user: User, lat: float, lon: float, at: datetime) -> None:
    user.latitude, user.longitude, user.location_at = lat, lon, at
    session.add(user)


def grant_consent(session: Session, *, openid: str, purpose: str, notice_version: str) -> Consent:
    consent = Consent(openid=openid, purpose=purpose, notice_version=notice_version, granted_at=clock.now())
    session.add(consent)
    return consent


def has_consent(session: Session, *, openid: str, purpose: str) -> bool:
    row = session.exec(
        select(Consent.id).where(
            Consent.openid == openid, Consent.purpose == purpose, col(Consent.revoked_at).is_(None)
        )
    ).first()
    return row is not None


def revoke_consents(session: Session, *, openid: str, purpose: str | None = None) -> None:
    stmt = update(Consent).where(col(Consent.openid) == openid, col(Consent.revoked_at).is_(None))
    if purpose:
        stmt = stmt.where(col(Consent.purpose) == purpose)
    session.exec(stmt.values(revoked_at=clock.now()))


def request_handoff(session: Session, *, openid: str, context: str) -> HandoffRequest:
    request = HandoffRequest(openid=openid, context=context[:500], created_at=clock.now())
    session.add(request)
    return request
