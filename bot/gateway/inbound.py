"""Inbound WeChat XML → a plain ``Inbound`` value. Anything malformed raises ``BadMessage``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.parsers import expat


class BadMessage(ValueError):
    """The body is not a WeChat message we can read; answered with a 4xx, never a 500."""


@dataclass(frozen=True, slots=True)
class Inbound:
    to_user: str
    openid: str
    create_time: int
    msg_type: str
    msg_id: str = ""
    content: str = ""
    event: str = ""
    event_key: str = ""
    recognition: str = ""
    media_id: str = ""
    format: str = ""
    latitude: float | None = None
    longitude: float | None = None
    precision: float | None = None
    label: str = ""
    url: str = ""
    title: str = ""
    status: str = ""
    raw: dict[str, Any] | None = None

    @property
    def is_event(self) -> bool:
        return self.msg_type == "event"

    @property
    def dedup_key(self) -> str:
        """MsgId for messages; for events FromUserName + CreateTime + Event + EventKey."""
        if self.msg_id:
            return f"m:{self.msg_id}"
        return f"e:{self.openid}:{self.create_time}:{self.event}:{self.event_key}"[:160]


def parse_xml(body: bytes | str) -> dict[str, Any]:
    """Parse WeChat XML into nested dicts (text leaves, repeated tags as lists) with expat, refusing
    any DOCTYPE or entity declaration (XXE, billion laughs). Return the ``<xml>`` element's dict."""
    if not body:
        raise BadMessage("empty body")
    builder = _Builder()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(body, True)
    except (expat.ExpatError, ValueError, TypeError, UnicodeError) as exc:
        raise BadMessage(f"unreadable XML: {type(exc).__name__}") from None
    root = builder.root.get("xml")
    if not isinstance(root, dict):
        raise BadMessage("no <xml> root")
    return root


def _refuse_declarations(*_: object) -> None:
    raise ValueError("DTDs and entities are not allowed")


class _Builder:
    """Collects elements into dicts: ``{"xml": {"ToUserName": "...", ...}}``."""

    __slots__ = ("root", "stack")

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.stack: list[tuple[str, dict[str, Any], list[str]]] = [("", self.root, [])]

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        if len(self.stack) > 32:
            raise ValueError("nested too deeply")
        self.stack.append((name, {}, []))

    def end(self, name: str) -> None:
        _, children, parts = self.stack.pop()
        value: Any = children or "".join(parts)
        parent = self.stack[-1][1]
        if name not in parent:
            parent[name] = value
        elif isinstance(parent[name], list):
            parent[name].append(value)
        else:
            parent[name] = [parent[name], value]

    def data(self, text: str) -> None:
        self.stack[-1][2].append(text)


def _text(root: dict[str, Any], key: str) -> str:
    value = root.get(key)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise BadMessage(f"field {key} is not text")
    return str(value)


def _float(root: dict[str, Any], *keys: str) -> float | None:
    for key in keys:
        raw = _text(root, key)
        if raw:
            try:
                return float(raw)
            except ValueError:
                raise BadMessage(f"field {key} is not a number") from None
    return None


def to_inbound(root: dict[str, Any]) -> Inbound:
    """Check the fields every message has and read the ones of its type."""
    openid = _text(root, "FromUserName")
    to_user = _text(root, "ToUserName")
    msg_type = _text(root, "MsgType").lower()
    if not openid or not msg_type or len(openid) > 64:
        raise BadMessage("missing FromUserName or MsgType")
    try:
        create_time = int(_text(root, "CreateTime") or "0")
    except ValueError:
        raise BadMessage("CreateTime is not a number") from None
    event = _text(root, "Event")
    msg_id = _text(root, "MsgId") or _text(root, "MsgID")
    if msg_type == "event":
        if not event:
            raise BadMessage("event without Event")
        msg_id = ""  # event ids (e.g. the mass job's MsgID) are not de-duplication keys
    elif not msg_id.isdigit():
        raise BadMessage("message without a numeric MsgId")
    return Inbound(
        to_user=to_user,
        openid=openid,
        create_time=create_time,
        msg_type=msg_type,
        msg_id=msg_id,
        content=_text(root, "Content"),
        event=event,
        event_key=_text(root, "EventKey"),
        recognition=_text(root, "Recognition"),
        media_id=_text(root, "MediaId"),
        format=_text(root, "Format"),
        latitude=_float(root, "Location_X", "Latitude"),
        longitude=_float(root, "Location_Y", "Longitude"),
        precision=_float(root, "Scale", "Precision"),
        label=_text(root, "Label"),
        url=_text(root, "Url"),
        title=_text(root, "Title"),
        status=_text(root, "Status"),
        raw=root,
    )
