"""What every API route needs: the state, the JSON body, the access_token and quota checks."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Request

from bot.fakewechat.state import FakeState


class WxError(Exception):
    """Raised by a route to answer with WeChat's errcode/errmsg body."""

    def __init__(self, errcode: int, detail: str = "", **extra: Any) -> None:
        super().__init__(errcode, detail)
        self.errcode = errcode
        self.detail = detail
        self.extra = extra


def get_state(request: Request) -> FakeState:
    state: FakeState = request.app.state.fake
    return state


StateDep = Annotated[FakeState, Depends(get_state)]


def authorize(state: FakeState, request: Request) -> None:
    """Check the access_token and spend one call of the path's daily quota."""
    with state.lock:
        code = state.tokens.check(request.query_params.get("access_token"), state.now())
    if code:
        raise WxError(code)
    if not state.spend_quota(request.url.path):
        raise WxError(45009)


async def api_body(request: Request) -> dict[str, Any]:
    """The JSON object posted to an API, or WeChat's error for an empty or malformed body."""
    raw = await request.body()
    if not raw.strip():
        raise WxError(44002)
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WxError(47001) from exc
    if not isinstance(body, dict):
        raise WxError(47001)
    return body


def require_str(body: dict[str, Any], key: str, errcode: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise WxError(errcode, f"{key} missing")
    return value


async def authorized(request: Request, state: StateDep) -> FakeState:
    authorize(state, request)
    return state


AuthorizedState = Annotated[FakeState, Depends(authorized)]
