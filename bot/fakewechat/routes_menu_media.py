"""The custom menu and temporary media (download and upload)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from bot.fakewechat.deps import AuthorizedState, WxError, api_body
from bot.fakewechat.errors import wx_ok
from bot.fakewechat.menu_rules import validate_menu

router = APIRouter(prefix="/cgi-bin")

MEDIA_TYPES = {"image": "image/jpeg", "voice": "audio/amr", "video": "video/mp4", "thumb": "image/jpeg"}


@router.post("/menu/create")
async def create_menu(request: Request, state: AuthorizedState) -> object:
    body = await api_body(request)
    if code := validate_menu(body):
        raise WxError(code)
    with state.lock:
        state.menu = {"button": body["button"]}
    return wx_ok()


@router.get("/menu/get")
def get_menu(state: AuthorizedState) -> object:
    with state.lock:
        if state.menu is None:
            raise WxError(46003)
        return {"menu": state.menu}


@router.get("/menu/delete")
def delete_menu(state: AuthorizedState) -> object:
    with state.lock:
        state.menu = None
    return wx_ok()


@router.get("/media/get")
def get_media(request: Request, state: AuthorizedState) -> Response:
    """The media bytes, as WeChat serves them, or 40007 JSON for an unknown or expired id."""
    media = state.get_media(request.query_params.get("media_id", ""))
    if media is None:
        raise WxError(40007)
    headers = {"Content-disposition": f'attachment; filename="{media.filename}"', "Cache-Control": "no-cache"}
    return Response(media.data, media_type=media.content_type, headers=headers)


@router.post("/media/upload")
async def upload_media(request: Request, state: AuthorizedState) -> object:
    """Keep an uploaded file; a non-ASCII file name fails with 41005, as it does on WeChat."""
    media_type = request.query_params.get("type", "")
    if media_type not in MEDIA_TYPES:
        raise WxError(40004)
    form = await request.form()
    upload: Any = form.get("media")
    if not isinstance(upload, UploadFile):
        raise WxError(41005)
    filename = upload.filename or ""
    data = await upload.read()
    await form.close()
    if not filename or not filename.isascii() or not data:
        raise WxError(41005)
    content_type = upload.content_type or MEDIA_TYPES[media_type]
    media_id = state.put_media(data, type=media_type, filename=filename, content_type=content_type)
    created_at = int(state.now())
    return {"type": media_type, "media_id": media_id, "created_at": created_at}
