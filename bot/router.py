"""The router: one inbound message → one reply, under the user's lock, in one transaction.

Order: events and non-text messages first; then global commands (菜单, 取消, 返回, 转人工, 更多);
then the user's conversation state, if any; else the understood intent (an action starts its
flow, a question goes to the policy Q&A).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot import clock
from bot.context import AppContext
from bot.events import handle_event
from bot.flows import registry
from bot.flows.base import Flow, Step, Turn
from bot.gateway.inbound import Inbound
from bot.gateway.reply import split_text
from bot.privacy import hash_openid, mask_text
from bot.store import inbound as inbound_store
from bot.store import users
from bot.store.inbound import ConversationRow
from bot.store.rawsql import Raw
from content.messages import t

log = logging.getLogger("laborbot.router")

# Long answers are cut here on a phone screen; the rest waits behind "更多".
SCREEN_CHARS = 600
MAX_FAILS = 3

GLOBAL_COMMANDS: dict[str, str] = {
    **dict.fromkeys(("菜单", "帮助", "help", "menu", "?", "？", "功能", "主菜单"), "menu"),
    **dict.fromkeys(("取消", "退出", "算了", "不办了", "quit", "cancel", "结束"), "cancel"),
    **dict.fromkeys(("返回", "上一步", "返回上一步", "back"), "back"),
    **dict.fromkeys(("转人工", "人工", "人工客服", "人工服务", "找人工", "客服"), "human"),
    **dict.fromkeys(("更多", "继续", "下一段"), "more"),
}
# How users hear of an action with no flow registered (every action has one today).
ACTION_TITLES = {
    "enrol": "培训报名",
    "courses": "培训课程",
    "brands": "劳务品牌",
    "find_job": "找工作",
    "post_vacancy": "企业招聘",
    "employer": "企业登记",
    "my_status": "我的报名",
    "complaint": "维权求助",
    "delete_data": "删除我的信息",
}
_PUNCT = re.compile(r"[\s\.,!?;:，。！？；：、…~～\"'“”‘’()（）【】\[\]]+")


def command_of(text: str) -> str | None:
    return GLOBAL_COMMANDS.get(_PUNCT.sub("", text).lower())


def handle(app: AppContext, session: Session, inbound: Inbound) -> str | None:
    """Handle one message in the caller's transaction; return the passive reply (None: no reply)."""
    now = clock.now()
    raw = Raw(session)
    message = not inbound.is_event
    inbound_store.touch_user(raw, openid=inbound.openid, at=now, message=message)
    conversation = inbound_store.lock_conversation(raw, openid=inbound.openid, at=now)
    content = inbound.content or inbound.recognition or inbound.event_key or inbound.label
    inbound_store.log_inbound(
        raw,
        openid=inbound.openid,
        msg_type=inbound.msg_type,
        event=inbound.event or None,
        content=mask_text(content)[:1000] if content else None,
        at=now,
    )
    _note_interaction(session, inbound, now)
    if inbound.is_event:
        user = users.get_or_create(session, openid=inbound.openid)
        outcome = handle_event(session, user, inbound)
        if outcome.action is None:
            return outcome.reply
        reply = _converse(app, session, conversation, inbound, "", action=outcome.action)
        return f"{outcome.reply}\n\n{reply}" if outcome.reply else reply
    text = _text_of(inbound)
    if text is None:
        return _non_text_reply(session, inbound)
    if not text:
        return t("voice_unrecognised" if inbound.msg_type == "voice" else "empty_text")
    return _converse(app, session, conversation, inbound, text)


def _note_interaction(session: Session, inbound: Inbound, now: datetime) -> None:
    """Open the customer-service window WeChat grants after this interaction, and release messages
    that waited for it."""
    kind = (
        "message"
        if not inbound.is_event
        else {"subscribe": "subscribe", "SCAN": "scan", "CLICK": "click"}.get(inbound.event)
    )
    if kind:
        from bot.outbound import outbox

        outbox.user_interacted(session, openid=inbound.openid, kind=kind, at=now)  # type: ignore[arg-type]


def _text_of(inbound: Inbound) -> str | None:
    if inbound.msg_type == "text":
        return inbound.content.strip()
    if inbound.msg_type == "voice":
        return inbound.recognition.strip().rstrip("。") if inbound.recognition.strip() else ""
    return None


def _non_text_reply(session: Session, inbound: Inbound) -> str:
    if inbound.msg_type == "location" and inbound.latitude is not None and inbound.longitude is not None:
        user = users.get_or_create(session, openid=inbound.openid)
        users.set_location(session, user=user, lat=inbound.latitude, lon=inbound.longitude, at=clock.now())
        return t("location_received", label=inbound.label or "已记录")
    key = {
        "image": "image_received",
        "video": "video_received",
        "shortvideo": "video_received",
        "link": "link_received",
    }.get(inbound.msg_type, "unsupported")
    return t(key)


def _converse(
    app: AppContext,
    session: Session,
    conv: ConversationRow,
    inbound: Inbound,
    text: str,
    *,
    action: str | None = None,
) -> str:
    data: dict[str, Any] = dict(conv.data)
    state = conv.state
    prefix = ""
    idle_since = clock.now() - timedelta(minutes=app.settings.flow_idle_minutes)
    if state and conv.updated_at and conv.updated_at < idle_since:
        flow = registry.flow_for_state(state)
        if flow is not None:
            flow.cancel(
                Turn(openid=inbound.openid, text=text, inbound=inbound, session=session, data=data, app=app)
            )
            prefix = t("flow_expired", flow=flow.title) + "\n"
        state, data = None, _keep_reserved(data)

    turn = Turn(openid=inbound.openid, text=text, inbound=inbound, session=session, data=data, app=app)
    if action is not None:  # a menu click or QR scene: it replaces whatever was in progress
        reply, state = _run_action(turn, state, action)
    else:
        reply, state = _dispatch(turn, state, command_of(text))
    head, rest = _paginate(prefix + reply)
    turn.data["_more"] = rest
    if state is None:
        turn.data = _keep_reserved(turn.data)
    inbound_store.save_conversation(
        Raw(session), conversation=conv, state=state, data=turn.data, at=clock.now()
    )
    if turn.outbound:
        _send_extra(session, inbound, turn.outbound)
    return head


def _keep_reserved(data: dict[str, Any]) -> dict[str, Any]:
    more = data.get("_more")
    return {"_more": more} if more else {}


def _dispatch(turn: Turn, state: str | None, command: str | None) -> tuple[str, str | None]:
    flow = registry.flow_for_state(state) if state else None
    if state and flow is None:  # a flow that no longer exists: start afresh
        state = None
    if flow is not None and not flow.sticky and command in ("menu", "cancel", "human"):
        flow, state = None, None
    if command == "menu":
        if flow and state:
            return t("menu_in_flow", flow=flow.title, question=flow.ask(state, turn)), state
        return t("menu"), None
    if command == "cancel":
        if flow and state:
            flow.cancel(turn)
            return t("cancelled", flow=flow.title), None
        return t("nothing_to_cancel"), None
    if command == "back" and flow and state:
        history: list[str] = turn.data.setdefault("_history", [])
        if not history:
            return t("nothing_to_go_back", question=flow.ask(state, turn)), state
        previous = history.pop()
        turn.data["_fails"] = 0
        return flow.ask(previous, turn), previous
    if command == "human":
        users.request_handoff(
            turn.session, openid=turn.openid, context=f"{state or '-'} | {mask_text(turn.text)}"
        )
        log.info("handoff requested", extra={"user": hash_openid(turn.openid), "state": state})
        return t("handoff"), state
    if command == "more":
        rest = turn.data.get("_more") or ""
        turn.data["_more"] = ""
        return (rest or t("more_none")), state

    if flow and state:
        return _run_step(turn, flow, state, flow.handle(state, turn))
    return _start(turn)


def _run_action(turn: Turn, state: str | None, action: str) -> tuple[str, str | None]:
    current = registry.flow_for_state(state) if state else None
    if current is not None:
        current.cancel(turn)
    turn.data = _keep_reserved(turn.data)
    if action.startswith("ask:"):
        turn.text = action[4:]
        return _start(turn)
    if action in ("menu", "human"):
        return _dispatch(turn, None, action)
    flow = registry.flow_for_action(action)
    if flow is None and action == "complaint":
        # No rights-case flow yet: a person follows up, and the user learns where to complain now.
        users.request_handoff(turn.session, openid=turn.openid, context=f"维权 | {mask_text(turn.text)}")
        return t("complaint_received"), None
    if flow is None:
        return t("not_yet", what=ACTION_TITLES.get(action, action)), None
    turn.data.update({"_history": [], "_fails": 0})
    return _run_step(turn, flow, None, flow.begin(turn, action=action))


def _start(turn: Turn) -> tuple[str, str | None]:
    """No flow in progress: an action starts its flow; anything else is a question."""
    understood = turn.app.understander.understand(turn.text)
    if understood.kind == "action" and understood.action:
        return _run_action(turn, None, understood.action)
    faq = registry.FLOWS["faq"]
    return _run_step(turn, faq, None, faq.begin(turn, understood=understood))


def _run_step(turn: Turn, flow: Flow, state: str | None, step: Step) -> tuple[str, str | None]:
    if step.reroute:
        turn.data = _keep_reserved(turn.data)
        reply, next_state = _start(turn)
        return (f"{step.text}\n{reply}" if step.text else reply), next_state
    if step.retry and step.state:
        fails = int(turn.data.get("_fails", 0)) + 1
        turn.data["_fails"] = fails
        text = "\n".join(part for part in (step.text, flow.ask(step.state, turn)) if part)
        if fails >= MAX_FAILS:
            text += "\n" + t("retry_limit")
        return text, step.state
    turn.data["_fails"] = 0
    if state and step.state and step.state != state:
        turn.data.setdefault("_history", []).append(state)
    return step.text, step.state


def _paginate(reply: str) -> tuple[str, str]:
    if len(reply) <= SCREEN_CHARS:
        head, rest = split_text(reply)
    else:
        head, rest = split_text(reply, limit_bytes=SCREEN_CHARS * 3)
    if rest:
        head = f"{head}\n{t('more_hint')}"
    return head, rest


def _send_extra(session: Session, inbound: Inbound, texts: list[str]) -> None:
    """Messages beyond the one passive reply go out as customer-service messages."""
    from bot.outbound import outbox

    for index, text in enumerate(texts):
        outbox.send_text(session, key=f"extra:{inbound.dedup_key}:{index}", openid=inbound.openid, text=text)
