"""Mass sends (群发) by tag or openid list, with clientmsgid de-duplication and the monthly cap."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from bot.fakewechat.callbacks import CallbackSender
from bot.fakewechat.deps import AuthorizedState, WxError, api_body
from bot.fakewechat.errors import wx_ok
from bot.fakewechat.render import message_text
from bot.fakewechat.state import FakeState

router = APIRouter(prefix="/cgi-bin/message/mass")

MASS_TYPES = {"text", "mpnews", "image", "voice", "mpvideo", "wxcard"}
# FromUserName of MASSSENDJOBFINISH: WeChat sends the account's system sender, not a follower.
MASS_SENDER = "o_fake_wechat_mass_sender"


def _targets_by_filter(state: FakeState, body: dict[str, Any]) -> list[str]:
    rule = body.get("filter")
    if not isinstance(rule, dict):
        raise WxError(47001, "filter missing")
    if rule.get("is_to_all"):
        return state.followers()
    tag_id = rule.get("tag_id")
    with state.lock:
        if not isinstance(tag_id, int) or tag_id not in state.tags:
            raise WxError(45159)
        return [
            openid
            for openid, tags in state.user_tags.items()
            if tag_id in tags and state.following.get(openid, True)
        ]


def _targets_by_list(body: dict[str, Any]) -> list[str]:
    users = body.get("touser")
    if not isinstance(users, list) or not all(isinstance(openid, str) and openid for openid in users):
        raise WxError(40003)
    if len(users) < 2:
        raise WxError(40130)
    if len(users) > 10_000:
        raise WxError(40032)
    return list(dict.fromkeys(users))


def _check_message(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    msgtype = body.get("msgtype")
    if msgtype not in MASS_TYPES:
        raise WxError(40008)
    payload = body.get(msgtype)
    if not isinstance(payload, dict):
        raise WxError(47001, f"{msgtype} missing")
    if msgtype == "text" and not payload.get("content"):
        raise WxError(44004)
    if msgtype != "text" and not (payload.get("media_id") or payload.get("card_id")):
        raise WxError(40007)
    return msgtype, payload


def _admit_call(state: FakeState) -> None:
    """At most ``mass_calls_per_minute`` sends in any 60 s of fake time."""
    now = state.now()
    times = state.mass_call_times
    while times and times[0] <= now - 60:
        times.popleft()
    if len(times) >= state.config.mass_calls_per_minute:
        raise WxError(45011)
    times.append(now)


def _send(request: Request, state: FakeState, body: dict[str, Any], targets: list[str]) -> object:
    msgtype, payload = _check_message(body)
    clientmsgid = body.get("clientmsgid")
    with state.lock:
        _admit_call(state)
        now = state.now()
        if isinstance(clientmsgid, str) and clientmsgid:
            earlier = state.mass_clientmsgids.get(clientmsgid)
            if earlier is not None and now - earlier[1] < state.config.mass_dedup_window_s:
                raise WxError(45065, msg_id=earlier[0])
        msg_id, msg_data_id = state.next_id(), state.next_id()
        month = state.month_key(now)
        ready = []
        for openid in targets:
            if not state.is_following(openid):
                continue
            if state.mass_month.get((openid, month), 0) >= state.config.mass_per_user_month:
                continue
            ready.append(openid)
        text = message_text(msgtype, payload)
        for openid in ready:
            state.mass_month[(openid, month)] = state.mass_month.get((openid, month), 0) + 1
            state.deliver(openid, channel="mass", msgtype=msgtype, text=text, payload=payload)
        if isinstance(clientmsgid, str) and clientmsgid:
            state.mass_clientmsgids[clientmsgid] = (msg_id, now)
        # WeChat's FilterCount is the number left *after* filtering, i.e. those the job will send to.
        result: dict[str, str | int] = {
            "MsgID": msg_id,
            "Status": "send success",
            "TotalCount": len(targets),
            "FilterCount": len(ready),
            "SentCount": len(ready),
            "ErrorCount": 0,
        }
        state.mass_jobs[msg_id] = {"msg_id": msg_id, "clientmsgid": clientmsgid, "msgtype": msgtype, **result}
    sender: CallbackSender = request.app.state.sender
    sender.push_event("MASSSENDJOBFINISH", MASS_SENDER, result)
    return wx_ok(errmsg="send job submission success", msg_id=msg_id, msg_data_id=msg_data_id)


@router.post("/sendall")
async def mass_sendall(request: Request, state: AuthorizedState) -> object:
    """Mass send to a tag, or to every follower with ``is_to_all``."""
    body = await api_body(request)
    return _send(request, state, body, _targets_by_filter(state, body))


@router.post("/send")
async def mass_send(request: Request, state: AuthorizedState) -> object:
    """Mass send to a list of 2 to 10,000 openids."""
    body = await api_body(request)
    return _send(request, state, body, _targets_by_list(body))


@router.post("/get")
async def mass_get(request: Request, state: AuthorizedState) -> object:
    body = await api_body(request)
    try:
        msg_id = int(body.get("msg_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise WxError(47001, "msg_id invalid") from exc
    with state.lock:
        job = state.mass_jobs.get(msg_id)
    if job is None:
        raise WxError(40007, "invalid msg_id")
    return {"msg_id": job["msg_id"], "msg_status": "SEND_SUCCESS"}
