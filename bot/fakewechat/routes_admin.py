"""``/_fake/*``: how tests and the simulator tell the fake what real WeChat would know, and look inside."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from bot.fakewechat.custom_budget import InteractionKind
from bot.fakewechat.deps import StateDep
from bot.fakewechat.faults import FaultRule

router = APIRouter(prefix="/_fake", tags=["fake admin"])

MAX_WAIT_S = 25.0


class Interaction(BaseModel):
    openid: str = Field(min_length=1)
    kind: InteractionKind = "message"
    at: float | None = None


class OpenidBody(BaseModel):
    openid: str = Field(min_length=1)


class Optin(BaseModel):
    openid: str = Field(min_length=1)
    template_id: str = Field(min_length=1)
    long_term: bool = False


class TemplateSpec(BaseModel):
    template_id: str = Field(min_length=1)
    fields: list[str] = []
    kind: Literal["template", "subscribe"] = "template"


class MediaSpec(BaseModel):
    data_base64: str
    type: str = "voice"
    filename: str = "voice.amr"
    content_type: str = "audio/amr"
    media_id: str | None = None


class FaultSpec(BaseModel):
    path: str = Field(min_length=1)
    errcode: int | None = None
    errmsg: str | None = None
    http_status: int | None = Field(default=None, ge=100, le=599)
    delay_ms: int = Field(default=0, ge=0, le=120_000)
    timeout: bool = False
    times: int | None = Field(default=None, ge=1)
    openid: str | None = None


class FaultList(BaseModel):
    rules: list[FaultSpec]


class ClockMove(BaseModel):
    advance_seconds: float


class CallbackSpec(BaseModel):
    url: str | None
    token: str | None = None
    app_id: str | None = None
    aes_key: str | None = None
    encrypt: Literal["plain", "compatible", "safe"] | None = None


@router.post("/interaction")
def interaction(body: Interaction, state: StateDep) -> dict[str, Any]:
    """The user wrote, clicked, followed or scanned: open the customer-service window."""
    state.interact(body.openid, body.kind, body.at)
    with state.lock:
        return {"ok": True, "remaining": state.budget.remaining(body.openid, state.now())}


@router.post("/unfollow")
def unfollow(body: OpenidBody, state: StateDep) -> dict[str, Any]:
    state.unfollow(body.openid)
    return {"ok": True}


@router.post("/follow")
def follow(body: OpenidBody, state: StateDep) -> dict[str, Any]:
    state.interact(body.openid, "subscribe")
    return {"ok": True}


@router.post("/subscribe_optin")
def subscribe_optin(body: Optin, state: StateDep) -> dict[str, Any]:
    state.optin(body.openid, body.template_id, long_term=body.long_term)
    return {"ok": True}


@router.post("/templates")
def add_template(body: TemplateSpec, state: StateDep) -> dict[str, Any]:
    with state.lock:
        book = state.templates if body.kind == "template" else state.subscribe_templates
        book[body.template_id] = tuple(body.fields)
    return {"ok": True}


@router.post("/media")
def put_media(body: MediaSpec, state: StateDep) -> dict[str, Any]:
    try:
        data = base64.b64decode(body.data_base64, validate=True)
    except binascii.Error as exc:
        raise HTTPException(422, "data_base64 is not base64") from exc
    media_id = state.put_media(
        data, type=body.type, filename=body.filename, content_type=body.content_type, media_id=body.media_id
    )
    return {"media_id": media_id}


@router.post("/faults")
def add_faults(body: FaultSpec | FaultList, state: StateDep) -> dict[str, Any]:
    specs = body.rules if isinstance(body, FaultList) else [body]
    try:
        rules = [state.faults.add(FaultRule(**spec.model_dump())) for spec in specs]
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"rules": [rule.as_dict() for rule in rules]}


@router.get("/faults")
def list_faults(state: StateDep) -> dict[str, Any]:
    return {"rules": state.faults.rules()}


@router.delete("/faults")
def clear_faults(state: StateDep) -> dict[str, Any]:
    state.faults.clear()
    return {"ok": True}


@router.post("/reset")
def reset(state: StateDep) -> dict[str, Any]:
    state.reset()
    return {"ok": True}


@router.post("/clock")
def advance_clock(body: ClockMove, state: StateDep) -> dict[str, Any]:
    return {"now": state.advance(body.advance_seconds)}


@router.get("/clock")
def read_clock(state: StateDep) -> dict[str, Any]:
    return {"now": state.now()}


@router.post("/callback")
def set_callback(body: CallbackSpec, state: StateDep) -> dict[str, Any]:
    """Point event pushes at the bot (or elsewhere) while running."""
    config = state.config
    with state.lock:
        config.callback_url = body.url
        config.callback_token = body.token or config.callback_token
        config.callback_app_id = body.app_id or config.callback_app_id
        config.callback_aes_key = body.aes_key or config.callback_aes_key
        config.callback_encrypt = body.encrypt or config.callback_encrypt
    return {"ok": True}


@router.get("/calls")
def calls(
    state: StateDep, path: str | None = None, openid: str | None = None, since: int = 0
) -> dict[str, Any]:
    found = state.calls_matching(path=path or None, openid=openid or None, since=since)
    return {"calls": found, "cursor": found[-1]["seq"] if found else since}


@router.get("/messages")
async def messages(
    state: StateDep,
    openid: str | None = None,
    since: int = 0,
    wait_s: float = Query(default=0.0, ge=0.0, le=MAX_WAIT_S),
) -> dict[str, Any]:
    """What users would see; ``since`` is the cursor from the last reply, ``wait_s`` long-polls."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    found = state.messages_for(openid or None, since)
    while not found and loop.time() < deadline and not state.closing.is_set():
        await asyncio.sleep(0.05)
        found = state.messages_for(openid or None, since)
    return {"messages": found, "cursor": found[-1]["seq"] if found else since}


@router.get("/callbacks")
def callbacks(state: StateDep, since: int = 0) -> dict[str, Any]:
    with state.lock:
        found = [item for item in state.callbacks if item["seq"] > since]
    return {"callbacks": found, "cursor": found[-1]["seq"] if found else since}


@router.get("/state")
def summary(state: StateDep) -> dict[str, Any]:
    return state.summary()
