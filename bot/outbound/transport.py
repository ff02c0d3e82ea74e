"""Point every WeChat API call, the token call included, at the configured API base."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

WECHAT_ORIGINS = ("https://api.weixin.qq.com", "http://api.weixin.qq.com")
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def rewrite_url(url: str, api_base: str) -> str:
    """``https://api.weixin.qq.com/cgi-bin/x?y`` -> ``{api_base}/cgi-bin/x?y``; other URLs unchanged."""
    for origin in WECHAT_ORIGINS:
        if url == origin or url.startswith(origin + "/"):
            return api_base.rstrip("/") + url[len(origin) :]
    return url


class ApiBaseAdapter(BaseAdapter):
    """Rewrites WeChat's origin to ``api_base``, then lets ``inner`` (real HTTP by default) send it."""

    def __init__(self, api_base: str, inner: BaseAdapter | None = None) -> None:
        super().__init__()
        self.api_base = api_base.rstrip("/")
        self.inner = inner or HTTPAdapter()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        request.url = rewrite_url(request.url or "", self.api_base)
        # Proxies were chosen for WeChat's host; a loopback fake must never go through them.
        if urlsplit(request.url).hostname in _LOOPBACK_HOSTS:
            proxies = {}
        return self.inner.send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )

    def close(self) -> None:
        self.inner.close()


def mount_api_base(
    session: requests.Session, api_base: str, *, transport: BaseAdapter | None = None
) -> ApiBaseAdapter:
    """Mount the rewriting adapter on both WeChat origins of ``session``; returns the adapter."""
    adapter = ApiBaseAdapter(api_base, inner=transport)
    for origin in WECHAT_ORIGINS:
        session.mount(origin + "/", adapter)
    return adapter


Handler = Callable[[requests.PreparedRequest], requests.Response]


class MockTransport(BaseAdapter):
    """A transport played by a plain routing function, like httpx's ``MockTransport``; for tests."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        response = self.handler(request)
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def json_response(data: Any, status: int = 200) -> requests.Response:
    """A ``requests.Response`` carrying ``data`` as UTF-8 JSON, for ``MockTransport`` handlers."""
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(data, ensure_ascii=False).encode("utf-8")
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.encoding = "utf-8"
    return response
