"""Passive reply XML: CDATA made safe, and text kept within WeChat's size limit."""

from __future__ import annotations

import time

# WeChat truncates or rejects passive text replies much over 2048 bytes.
MAX_REPLY_BYTES = 2000


def cdata(value: str) -> str:
    """Wrap in CDATA, splitting any ``]]>`` so the text cannot close the section early."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply_xml(*, to_user: str, from_user: str, content: str, create_time: int | None = None) -> str:
    ts = int(time.time()) if create_time is None else create_time
    return (
        "<xml>"
        f"<ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{ts}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content>"
        "</xml>"
    )


def split_text(text: str, limit_bytes: int = MAX_REPLY_BYTES) -> tuple[str, str]:
    """Split ``text`` at a line or sentence end so the head fits ``limit_bytes``; return (head, rest)."""
    if len(text.encode("utf-8")) <= limit_bytes:
        return text, ""
    head = text
    while len(head.encode("utf-8")) > limit_bytes:
        head = head[: int(len(head) * 0.9)]
    for sep in ("\n", "。", "；", "，"):
        cut = head.rfind(sep)
        if cut > len(head) // 2:
            head = head[: cut + 1]
            break
    return head.rstrip(), text[len(head) :].lstrip()
