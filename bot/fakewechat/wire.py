"""ASGI middleware in front of the API routes: records every call and applies injected faults."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.fakewechat.errors import errmsg
from bot.fakewechat.faults import FaultRule
from bot.fakewechat.state import FakeState

API_PREFIX = "/cgi-bin/"


def openids_in(body: Any) -> list[str]:
    """The users a request is about, so calls can be filtered by openid."""
    if not isinstance(body, dict):
        return []
    found: list[str] = []
    for key in ("touser", "openid", "openid_list"):
        value = body.get(key)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, str))
    return found


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class FakeWire:
    """Buffers the request, fires a matching fault or runs the route, and records the outcome."""

    def __init__(self, app: ASGIApp, state: FakeState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        raw = await _read_body(receive)
        try:
            body: Any = json.loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError):
            body = None
        query = {k: v[0] for k, v in parse_qs(scope["query_string"].decode()).items()}
        path = scope["path"]
        openids = openids_in(body)
        if not openids and "openid" in query:
            openids = [query["openid"]]
        record: dict[str, Any] = {
            "at": self.state.now(),
            "method": scope["method"],
            "path": path,
            "query": query,
            "body": body,
            "openids": openids,
            "fault": None,
            "errcode": None,
            "http_status": None,
        }
        rule = self.state.faults.take(path, openids)
        if rule is not None:
            record["fault"] = rule.id
            if rule.delay_ms:
                await asyncio.sleep(rule.delay_ms / 1000)
            if rule.timeout or rule.http_status is not None or rule.errcode is not None:
                await self._fire(rule, receive, send, record)
                self.state.record_call(**record)
                return
        await self.app(scope, _replay(raw, receive), self._capture(send, record))
        self.state.record_call(**record)

    async def _fire(self, rule: FaultRule, receive: Receive, send: Send, record: dict[str, Any]) -> None:
        if rule.timeout:
            gone = await self._hang(receive)
            if gone:
                record["http_status"] = "client gave up"
                return
            await _respond(send, 504, b"Gateway Time-out", "text/plain")
            record["http_status"] = 504
        elif rule.http_status is not None:
            await _respond(send, rule.http_status, b"injected fault", "text/plain")
            record["http_status"] = rule.http_status
        elif rule.errcode is not None:
            payload = {"errcode": rule.errcode, "errmsg": rule.errmsg or errmsg(rule.errcode)}
            await _respond(send, 200, json.dumps(payload).encode(), "application/json")
            record.update(http_status=200, errcode=rule.errcode)

    async def _hang(self, receive: Receive) -> bool:
        """Hold the request until the client disconnects (True), the cap passes or the server stops."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.state.config.fault_timeout_cap_s
        pending = asyncio.ensure_future(receive())
        try:
            while loop.time() < deadline and not self.state.closing.is_set():
                done, _ = await asyncio.wait({pending}, timeout=0.1)
                if done:
                    if pending.result()["type"] == "http.disconnect":
                        return True
                    pending = asyncio.ensure_future(receive())
            return False
        finally:
            pending.cancel()

    def _capture(self, send: Send, record: dict[str, Any]) -> Send:
        chunks: list[bytes] = []
        is_json = False

        async def capturing_send(message: Message) -> None:
            nonlocal is_json
            if message["type"] == "http.response.start":
                record["http_status"] = message["status"]
                headers = dict(message.get("headers", []))
                is_json = headers.get(b"content-type", b"").startswith(b"application/json")
            elif message["type"] == "http.response.body":
                if is_json:
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    record["errcode"] = _errcode(chunks, is_json, record["http_status"])
            await send(message)

        return capturing_send


def _errcode(chunks: list[bytes], is_json: bool, status: int | None) -> int | None:
    if not is_json:
        return 0 if status == 200 else None
    try:
        reply = json.loads(b"".join(chunks))
    except ValueError:
        return None
    return int(reply.get("errcode", 0)) if isinstance(reply, dict) else None


def _replay(raw: bytes, receive: Receive) -> Receive:
    sent = False

    async def replaying_receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()

    return replaying_receive


async def _respond(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
