"""Messages whose handling failed are kept (``dead_letter``); once the cause is fixed, staff replay
them through the same path as WeChat's own retries, so nothing a user sent is lost."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from bot.context import AppContext
from bot.gateway.inbound import BadMessage, parse_xml, to_inbound
from bot.gateway.process import Late, process_message
from bot.privacy import hash_openid
from bot.store.models import DeadLetter


@dataclass(frozen=True)
class Replayed:
    id: int
    reply: str | None
    ok: bool


def pending(ctx: AppContext) -> list[DeadLetter]:
    with ctx.db.session() as session:
        return list(session.exec(select(DeadLetter).where(col(DeadLetter.replayed).is_(False))).all())


def replay(ctx: AppContext, letter_id: int) -> Replayed:
    """Handle the kept message again; a second failure is kept as a new dead letter."""
    with ctx.db.session() as session:
        letter = session.get(DeadLetter, letter_id)
        if letter is None or letter.replayed:
            raise LookupError(f"没有待重放的失败消息 {letter_id}")
        xml = letter.xml
    try:
        inbound = to_inbound(parse_xml(xml))
    except BadMessage as exc:
        raise ValueError(f"失败消息 {letter_id} 无法解析：{exc}") from None
    before = len(pending(ctx))
    late = Late()
    late.give_up()  # nobody waits for a passive reply now: the answer goes out through the outbox
    claim = process_message(ctx, inbound, late)
    ok = len(pending(ctx)) <= before  # no new dead letter: it went through this time
    with ctx.db.session() as session:
        letter = session.get(DeadLetter, letter_id)
        if letter is not None:
            letter.replayed = True
            session.add(letter)
    return Replayed(letter_id, claim.reply, ok)


def describe(letter: DeadLetter) -> str:
    first_line = letter.error.strip().splitlines()[-1] if letter.error.strip() else ""
    return f"{letter.id}\t{letter.at:%Y-%m-%d %H:%M}\t{hash_openid(letter.openid)}\t{first_line[:80]}"
