"""User tags: create and list them, tag users, and read either side of the relation."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.fakewechat.deps import AuthorizedState, WxError, api_body, require_str
from bot.fakewechat.errors import wx_ok

router = APIRouter(prefix="/cgi-bin")

FIRST_TAG_ID = 100  # ids below 100 are WeChat's own (e.g. 2 = 星标组)
MAX_TAGS = 100
MAX_TAGS_PER_USER = 20
TAG_NAME_MAX_CHARS = 30
BATCH_MAX = 50


@router.post("/tags/create")
async def create_tag(request: Request, state: AuthorizedState) -> object:
    body = await api_body(request)
    tag = body.get("tag")
    name = tag.get("name") if isinstance(tag, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise WxError(45157)
    if len(name) > TAG_NAME_MAX_CHARS:
        raise WxError(45158)
    with state.lock:
        if name in state.tags.values():
            raise WxError(45157, "tag name exists")
        if len(state.tags) >= MAX_TAGS:
            raise WxError(45056, "too many tags")
        tag_id = max(state.tags, default=FIRST_TAG_ID - 1) + 1
        state.tags[tag_id] = name
    return {"tag": {"id": tag_id, "name": name}}


@router.get("/tags/get")
def list_tags(state: AuthorizedState) -> object:
    with state.lock:
        counts = {tag_id: 0 for tag_id in state.tags}
        for openid, tag_ids in state.user_tags.items():
            for tag_id in tag_ids if state.following.get(openid, True) else []:
                counts[tag_id] = counts.get(tag_id, 0) + 1
        tags = [{"id": tag_id, "name": name, "count": counts[tag_id]} for tag_id, name in state.tags.items()]
    return {"tags": tags}


def _batch(body: dict[str, object]) -> tuple[int, list[str]]:
    openids = body.get("openid_list")
    if not isinstance(openids, list) or not openids or not all(isinstance(o, str) and o for o in openids):
        raise WxError(40003)
    if len(openids) > BATCH_MAX:
        raise WxError(40032)
    tag_id = body.get("tagid")
    if not isinstance(tag_id, int):
        raise WxError(45159)
    return tag_id, [str(openid) for openid in openids]


@router.post("/tags/members/batchtagging")
async def tag_users(request: Request, state: AuthorizedState) -> object:
    tag_id, openids = _batch(await api_body(request))
    with state.lock:
        if tag_id not in state.tags:
            raise WxError(45159)
        for openid in openids:
            tags = state.user_tags.setdefault(openid, [])
            if tag_id not in tags and len(tags) >= MAX_TAGS_PER_USER:
                raise WxError(45059, "has too many tags")
        for openid in openids:
            state.following.setdefault(openid, True)
            if tag_id not in state.user_tags[openid]:
                state.user_tags[openid].append(tag_id)
    return wx_ok()


@router.post("/tags/members/batchuntagging")
async def untag_users(request: Request, state: AuthorizedState) -> object:
    tag_id, openids = _batch(await api_body(request))
    with state.lock:
        if tag_id not in state.tags:
            raise WxError(45159)
        for openid in openids:
            if tag_id in state.user_tags.get(openid, []):
                state.user_tags[openid].remove(tag_id)
    return wx_ok()


@router.post("/tags/getidlist")
async def user_tag_ids(request: Request, state: AuthorizedState) -> object:
    openid = require_str(await api_body(request), "openid", 40003)
    with state.lock:
        return {"tagid_list": list(state.user_tags.get(openid, []))}


@router.post("/user/tag/get")
async def tag_members(request: Request, state: AuthorizedState) -> object:
    """Followers carrying a tag, after ``next_openid`` when given (one page holds them all here)."""
    body = await api_body(request)
    tag_id = body.get("tagid")
    with state.lock:
        if tag_id not in state.tags:
            raise WxError(45159)
        members = [
            openid
            for openid, tags in state.user_tags.items()
            if tag_id in tags and state.following.get(openid, True)
        ]
    after = body.get("next_openid")
    if after in members:
        members = members[members.index(after) + 1 :]
    if not members:
        return {"count": 0, "next_openid": ""}
    return {"count": len(members), "data": {"openid": members}, "next_openid": members[-1]}
