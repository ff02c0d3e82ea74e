"""WeChat's error codes, with the messages the real API sends, as JSON replies."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

ERRMSG: dict[int, str] = {
    0: "ok",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40004: "invalid media type",
    40007: "invalid media_id",
    40008: "invalid message type",
    40013: "invalid appid",
    40014: "invalid access_token",
    40016: "invalid button size",
    40017: "invalid button type",
    40018: "invalid button name size",
    40019: "invalid button key size",
    40020: "invalid button url size",
    40022: "invalid sub button level",
    40023: "invalid sub button size",
    40024: "invalid sub button type",
    40025: "invalid sub button name size",
    40026: "invalid sub button key size",
    40027: "invalid sub button url size",
    40032: "invalid openid list size",
    40037: "invalid template_id",
    40054: "invalid sub button url domain",
    40055: "invalid button url domain",
    40125: "invalid appsecret",
    40166: "invalid appid",
    40130: "invalid openid list size, at least two openid",
    41001: "access_token missing",
    41005: "media data missing",
    42001: "access_token expired",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    44002: "empty post data",
    44004: "empty content",
    45002: "content size out of limit",
    45008: "article size out of limit",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
    45056: "too many tags",
    45059: "has too many tags",
    45065: "clientmsgid exist",
    45157: "invalid tag name",
    45158: "tag name too long",
    45159: "invalid tag id",
    46003: "menu no exist",
    48001: "api unauthorized",
    47001: "data format error",
    47003: "argument invalid!",
}


def errmsg(code: int) -> str:
    return ERRMSG.get(code, "system error")


def wx_error(code: int, detail: str = "", **extra: Any) -> JSONResponse:
    """The JSON body WeChat returns, always with HTTP 200 as the real API does."""
    message = errmsg(code) + (f" {detail}" if detail else "")
    return JSONResponse({"errcode": code, "errmsg": message, **extra})


def wx_ok(**payload: Any) -> JSONResponse:
    return JSONResponse({"errcode": 0, "errmsg": "ok", **payload})
