"""Custom-menu validation with the errcodes WeChat's ``menu/create`` gives for each mistake."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEY_TYPES = {
    "click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
    "location_select",
}  # fmt: skip
URL_TYPES = {"view", "miniprogram"}
MEDIA_TYPES = {"media_id", "view_limited"}
ARTICLE_TYPES = {"article_id", "article_view_limited"}
BUTTON_TYPES = KEY_TYPES | URL_TYPES | MEDIA_TYPES | ARTICLE_TYPES

MAX_TOP = 3
MAX_SUB = 5
TOP_NAME_BYTES = 16
SUB_NAME_BYTES = 60
KEY_BYTES = 128
URL_BYTES = 1024


@dataclass(frozen=True)
class LevelCodes:
    type: int
    name: int
    key: int
    url: int
    domain: int


TOP = LevelCodes(type=40017, name=40018, key=40019, url=40020, domain=40055)
SUB = LevelCodes(type=40024, name=40025, key=40026, url=40027, domain=40054)


def _size(value: Any) -> int:
    return len(value.encode()) if isinstance(value, str) else 0


def _check_action(button: dict[str, Any], codes: LevelCodes) -> int:
    """Errcode for a button that acts (has no sub-menu), or 0."""
    kind = button.get("type")
    if kind not in BUTTON_TYPES:
        return codes.type
    if kind in KEY_TYPES and not 0 < _size(button.get("key")) <= KEY_BYTES:
        return codes.key
    if kind in URL_TYPES:
        url = button.get("url")
        if not 0 < _size(url) <= URL_BYTES:
            return codes.url
        if not str(url).startswith(("http://", "https://")):
            return codes.domain
    if kind == "miniprogram" and not (button.get("appid") and button.get("pagepath")):
        return 40166  # invalid appid (mini program)
    if kind in MEDIA_TYPES and not button.get("media_id"):
        return 40007
    if kind in ARTICLE_TYPES and not button.get("article_id"):
        return 40007
    return 0


def validate_menu(menu: Any) -> int:
    """0 when WeChat would accept the menu, else the errcode of the first problem found."""
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not 0 < len(buttons) <= MAX_TOP:
        return 40016
    for button in buttons:
        if not isinstance(button, dict):
            return 40017
        if not 0 < _size(button.get("name")) <= TOP_NAME_BYTES:
            return 40018
        subs = button.get("sub_button")
        if not subs:
            if code := _check_action(button, TOP):
                return code
            continue
        if not isinstance(subs, list) or len(subs) > MAX_SUB:
            return 40023
        for sub in subs:
            if not isinstance(sub, dict):
                return 40024
            if sub.get("sub_button"):
                return 40022
            if not 0 < _size(sub.get("name")) <= SUB_NAME_BYTES:
                return 40025
            if code := _check_action(sub, SUB):
                return code
    return 0
