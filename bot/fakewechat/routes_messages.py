"""One-to-one sends: customer-service messages, template messages and subscription notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from bot.fakewechat.callbacks import CallbackSender
from bot.fakewechat.deps import AuthorizedState, WxError, api_body, require_str
from bot.fakewechat.errors import wx_ok
from bot.fakewechat.render import message_text, template_text

router = APIRouter(prefix="/cgi-bin/message")

CUSTOM_TYPES = {
    "text", "image", "voice", "video", "music", "news", "mpnews", "mpnewsarticle",
    "msgmenu", "wxcard", "miniprogrampage", "link",
}  # fmt: skip
TEXT_LIMIT_BYTES = 2048


def _check_custom_payload(msgtype: str, payload: Any) -> None:
    if not isinstance(payload, dict):
        raise WxError(47001, f"{msgtype} missing")
    if msgtype == "text":
        content = payload.get("content")
        if not isinstance(content, str) or not content:
            raise WxError(44004 if content == "" else 47001, "text.content missing")
        if len(content.encode()) > TEXT_LIMIT_BYTES:
            raise WxError(45002)
    elif msgtype == "news":
        articles = payload.get("articles")
        if not isinstance(articles, list) or not articles:
            raise WxError(47001, "news.articles missing")
        if len(articles) > 1:
            raise WxError(45008)
    elif msgtype in ("image", "voice", "video", "mpnews") and not payload.get("media_id"):
        raise WxError(40007)


def _check_template_data(fields: tuple[str, ...], data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise WxError(47003, "data invalid")
    for name in fields:
        field = data.get(name)
        if not isinstance(field, dict) or not isinstance(field.get("value"), str):
            raise WxError(47003, f"data.{name}.value invalid")
    return data


@router.post("/custom/send")
async def custom_send(request: Request, state: AuthorizedState) -> object:
    """Spend the user's customer-service budget, or refuse with 43004, 45015 or 45047."""
    body = await api_body(request)
    openid = require_str(body, "touser", 40003)
    msgtype = body.get("msgtype")
    if msgtype not in CUSTOM_TYPES:
        raise WxError(40008)
    payload = body.get(msgtype)
    _check_custom_payload(msgtype, payload)
    with state.lock:
        if not state.is_following(openid):
            raise WxError(43004)
        code = state.budget.spend(openid, state.now())
        if code:
            raise WxError(code)
        text = message_text(msgtype, payload)
        state.deliver(openid, channel="custom", msgtype=msgtype, text=text, payload=payload)
    return wx_ok()


@router.post("/template/send")
async def template_send(request: Request, state: AuthorizedState) -> object:
    """Accept a known template; the user's fate arrives later as TEMPLATESENDJOBFINISH."""
    body = await api_body(request)
    openid = require_str(body, "touser", 40003)
    template_id = require_str(body, "template_id", 40037)
    with state.lock:
        fields = state.templates.get(template_id)
    if fields is None:
        raise WxError(40037)
    data = _check_template_data(fields, body.get("data"))
    msgid = state.next_id()
    following = state.is_following(openid)
    if following:
        text = template_text(data, body.get("url"))
        state.deliver(openid, channel="template", msgtype="template", text=text, payload=body)
    sender: CallbackSender = request.app.state.sender
    status = "success" if following else "failed:user block"
    sender.push_event("TEMPLATESENDJOBFINISH", openid, {"MsgID": msgid, "Status": status})
    return wx_ok(msgid=msgid)


@router.post("/subscribe/bizsend")
async def subscribe_send(request: Request, state: AuthorizedState) -> object:
    """Send a subscription notification, spending one opt-in for that template."""
    body = await api_body(request)
    openid = require_str(body, "touser", 40003)
    template_id = require_str(body, "template_id", 40037)
    with state.lock:
        fields = state.subscribe_templates.get(template_id)
    if fields is None:
        raise WxError(40037)
    data = _check_template_data(fields, body.get("data"))
    with state.lock:
        if not state.is_following(openid) or not state.spend_optin(openid, template_id):
            raise WxError(43101)
        text = template_text(data, body.get("page"))
        state.deliver(openid, channel="subscribe", msgtype="subscribe", text=text, payload=body)
    return wx_ok()
