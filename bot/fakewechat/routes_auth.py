"""access_token endpoints: ``token`` (rotating) and ``stable_token`` (stable unless forced)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.fakewechat.deps import AuthorizedState, StateDep, WxError, api_body
from bot.fakewechat.errors import wx_ok
from bot.fakewechat.state import FakeState

router = APIRouter(prefix="/cgi-bin")


def _check_credentials(state: FakeState, grant_type: object, appid: object, secret: object) -> str:
    if grant_type != "client_credential":
        raise WxError(40002)
    if not isinstance(appid, str) or appid not in state.config.accounts:
        raise WxError(40013)
    if secret != state.config.accounts[appid]:
        raise WxError(40125)
    return appid


@router.get("/token")
def get_token(request: Request, state: StateDep) -> dict[str, object]:
    """Every call issues a new token; the previous one lives on only for the grace period."""
    query = request.query_params
    appid = _check_credentials(state, query.get("grant_type"), query.get("appid"), query.get("secret"))
    if not state.spend_quota(request.url.path):
        raise WxError(45009)
    with state.lock:
        token = state.tokens.issue(appid, "basic", state.now())
    return {"access_token": token.value, "expires_in": state.config.token_expires_in}


@router.post("/stable_token")
async def stable_token(request: Request, state: StateDep) -> dict[str, object]:
    """The same token while it is valid, unless ``force_refresh`` asks for a new one."""
    body = await api_body(request)
    appid = _check_credentials(state, body.get("grant_type"), body.get("appid"), body.get("secret"))
    if not state.spend_quota(request.url.path):
        raise WxError(45009)
    with state.lock:
        now = state.now()
        token = state.tokens.stable(appid, now, force_refresh=bool(body.get("force_refresh")))
    return {"access_token": token.value, "expires_in": int(token.expires_at - now)}


@router.post("/clear_quota")
async def clear_quota(state: AuthorizedState, request: Request) -> object:
    """Reset the daily counters, as the console's quota reset does."""
    body = await api_body(request)
    if body.get("appid") not in state.config.accounts:
        raise WxError(40013)
    state.clear_quota()
    return wx_ok()
