"""Yes and no as people type them when asked to agree (同意 / 好的 / 嗯 / 1; 不同意 / 算了 / 2).

One reading for every consent question, so "好的" counts the same in enrolment, registration and
job matching."""

from __future__ import annotations

import re

_AGREE = re.compile(r"^(我)?(同意|愿意|可以|好的?|行|没问题|ok|是的?|嗯|确认|1)+(的|了|同意)?$", re.I)
_DECLINE_ANYWHERE = re.compile(r"不同意|不愿意|拒绝")
_DECLINE_ALONE = re.compile(r"^(不行|不要|不用|否|算了|2)$")
_TRAILING = "。！!.~～ "


def agrees(text: str) -> bool:
    return bool(_AGREE.match(text.strip().rstrip(_TRAILING)))


def declines(text: str) -> bool:
    bare = text.strip().rstrip(_TRAILING)
    return bool(_DECLINE_ANYWHERE.search(bare) or _DECLINE_ALONE.match(bare))
