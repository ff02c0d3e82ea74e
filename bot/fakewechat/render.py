"""Turns outbound message payloads into the text a user would read on the phone."""

from __future__ import annotations

from typing import Any

MEDIA_LABELS = {"image": "图片", "voice": "语音", "video": "视频", "mpvideo": "视频", "music": "音乐"}


def _articles(articles: Any) -> str:
    lines = []
    for article in articles if isinstance(articles, list) else []:
        if isinstance(article, dict):
            parts = [article.get("title"), article.get("description"), article.get("url")]
            lines.append("\n".join(str(part) for part in parts if part))
    return "\n\n".join(lines)


def message_text(msgtype: str, payload: Any) -> str:
    """Readable text for a custom or mass message body (``payload`` is the ``body[msgtype]`` object)."""
    payload = payload if isinstance(payload, dict) else {}
    if msgtype == "text":
        return str(payload.get("content", ""))
    if msgtype == "news":
        return _articles(payload.get("articles"))
    if msgtype in MEDIA_LABELS:
        title = payload.get("title")
        return f"[{MEDIA_LABELS[msgtype]}] {title or payload.get('media_id', '')}".strip()
    if msgtype in ("mpnews", "mpnewsarticle"):
        return f"[图文] {payload.get('media_id') or payload.get('article_id', '')}".strip()
    if msgtype == "msgmenu":
        items = [f"· {item.get('content', '')}" for item in payload.get("list", []) if isinstance(item, dict)]
        parts = [payload.get("head_content", ""), *items, payload.get("tail_content", "")]
        return "\n".join(part for part in parts if part)
    if msgtype == "miniprogrampage":
        return f"[小程序] {payload.get('title', '')}".strip()
    if msgtype == "link":
        return "\n".join(str(payload.get(key)) for key in ("title", "description", "url") if payload.get(key))
    return f"[{msgtype}]"


def template_text(data: Any, url: Any = None) -> str:
    """Template and subscription data as ``field: value`` lines, in the order posted."""
    lines = []
    for name, field in data.items() if isinstance(data, dict) else []:
        value = field.get("value", "") if isinstance(field, dict) else field
        lines.append(f"{name}: {value}")
    if url:
        lines.append(str(url))
    return "\n".join(lines)
