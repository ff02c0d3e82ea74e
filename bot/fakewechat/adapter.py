"""Points a ``requests`` session's calls to the WeChat API at another base URL (the fake, or a proxy)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

WECHAT_API_BASE = "https://api.weixin.qq.com"


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RedirectAdapter(HTTPAdapter):
    """Rewrites URLs that start with ``source`` to start with ``target`` before sending them."""

    def __init__(self, source: str, target: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = source.rstrip("/")
        self.target = target.rstrip("/")

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, proxies: Mapping[str, str] | None = None, **kwargs: Any
    ) -> requests.Response:
        url = request.url or ""
        if url.startswith(self.source):
            request.url = self.target + url[len(self.source) :]
            # Proxies were chosen for the original host; a loopback target must not go through them.
            if _is_loopback(request.url):
                proxies = {}
        return super().send(request, proxies=proxies, **kwargs)


def mount_api_base(session: requests.Session, api_base: str, *, source: str = WECHAT_API_BASE) -> None:
    """Send every ``session`` request for ``source`` to ``api_base`` instead (e.g. ``client._http``)."""
    session.mount(source.rstrip("/") + "/", RedirectAdapter(source, api_base))
