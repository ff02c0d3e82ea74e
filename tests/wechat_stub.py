"""A small WeChat API played by a routing function: for ``MockTransport`` or a real loopback server.

Tests of the outbound path need token issuing with rotation, scripted errors and a record of what was
sent; the full fake in ``bot.fakewechat`` plays far more than that.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from bot.outbound.transport import json_response

Scripted = dict[str, Any] | int  # a JSON body, or an HTTP status for an error page


class WeChatPlay:
    """Issues tokens (only the newest works), answers sends, and plays scripted answers per path first."""

    def __init__(self, *, expires_in: int = 7200) -> None:
        self.expires_in = expires_in
        self.token_fetches = 0
        self.token_errors = 0  # calls refused with 40001: a storm shows up here
        self.current_token: str | None = None
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._script: dict[str, list[Scripted]] = {}
        self._lock = threading.Lock()

    def script(self, path: str, *answers: Scripted) -> None:
        """Queue answers for ``path`` (e.g. ``/cgi-bin/message/custom/send``), used before the defaults."""
        with self._lock:
            self._script.setdefault(path, []).extend(answers)

    def revoke(self) -> None:
        """Make the current token stop working, as a rotation elsewhere would."""
        with self._lock:
            self.current_token = f"revoked-{self.token_fetches}"

    def sent(self, path: str | None = None) -> list[dict[str, Any]]:
        return [body for called, body in self.calls if path is None or called == path]

    def answer(self, method: str, url: str, body: bytes | None) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(url)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        data = json.loads(body) if body else {}
        with self._lock:
            if parts.path in ("/cgi-bin/token", "/cgi-bin/stable_token"):
                self.token_fetches += 1
                self.current_token = f"token-{self.token_fetches}-{'x' * 40}"
                return 200, {"access_token": self.current_token, "expires_in": self.expires_in}
            if params.get("access_token") != self.current_token:
                self.token_errors += 1
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            self.calls.append((parts.path, data))
            queued = self._script.get(parts.path)
            if queued:
                scripted = queued.pop(0)
                if isinstance(scripted, int):
                    return scripted, {"error": "scripted"}
                return 200, scripted
            ok: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
            if parts.path.endswith("template/send"):
                ok["msgid"] = 1000 + len(self.calls)
            if "/mass/" in parts.path:
                ok |= {"msg_id": 2000 + len(self.calls), "msg_data_id": 1}
            return 200, ok

    def __call__(self, request: requests.PreparedRequest) -> requests.Response:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        status, data = self.answer(request.method or "GET", request.url or "", body)
        return json_response(data, status)


@contextmanager
def serve(play: WeChatPlay) -> Iterator[str]:
    """Serve ``play`` over real HTTP on loopback; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            status, data = play.answer(self.command, self.path, body)
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        do_GET = do_POST = _reply

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
