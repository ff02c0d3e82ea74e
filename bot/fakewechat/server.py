"""Runs the fake on loopback in a background thread, for tests, benchmarks and the local demo."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from bot.fakewechat.app import create_fake_app
from bot.fakewechat.config import FakeConfig
from bot.fakewechat.state import FakeState


@dataclass
class RunningFake:
    """A live fake: its address, its state, and a small client for the ``/_fake`` admin endpoints."""

    base_url: str
    state: FakeState
    app: FastAPI

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call an admin endpoint over HTTP and return its JSON (``path`` like ``/_fake/reset``)."""
        with httpx.Client(base_url=self.base_url, trust_env=False, timeout=30) as client:
            response = client.request(method, path, **kwargs)
            response.raise_for_status()
            return response.json()


@contextmanager
def running_fake_wechat(
    config: FakeConfig | None = None, *, host: str = "127.0.0.1", port: int = 0, ready_timeout: float = 10.0
) -> Iterator[RunningFake]:
    """Serve a fresh fake on ``host:port`` (0 picks a free port) until the block ends."""
    app = create_fake_app(config)
    state: FakeState = app.state.fake
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on", ws="none", timeout_graceful_shutdown=2
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="fake-wechat", daemon=True)
    thread.start()
    deadline = time.monotonic() + ready_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the fake WeChat API did not start")
        time.sleep(0.01)
    url_host = f"[{host}]" if ":" in host else host
    try:
        yield RunningFake(base_url=f"http://{url_host}:{bound_port}", state=state, app=app)
    finally:
        state.closing.set()  # releases requests held by a "timeout" fault
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
