"""A wechatpy client that takes its token from the shared store and retries only within bounds."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import requests
from requests.adapters import BaseAdapter
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.outbound.outbox import mass_client_msg_id
from bot.outbound.token import TOKEN_ERRCODES, TokenEndpoint, TokenStore, http_token_fetcher, make_token_store
from bot.outbound.transport import mount_api_base
from bot.settings import Settings
from bot.store.db import Database

DEFAULT_TIMEOUT_S = 10.0
NETWORK_BACKOFF_S = (0.2, 0.6)  # two quick retries, then the outbox's longer backoff takes over
RETRY_HTTP_STATUS = frozenset({500, 502, 503, 504})


class SharedTokenClient(WeChatClient):
    """``WeChatClient`` whose ``access_token`` comes from a ``TokenStore``; it never fetches one itself."""

    def __init__(
        self,
        *,
        appid: str,
        secret: str,
        tokens: TokenStore,
        timeout: float = DEFAULT_TIMEOUT_S,
        network_backoff_s: Sequence[float] = NETWORK_BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # auto_retry=False: wechatpy's own retry refetches without a cap and without sharing (PR #152).
        super().__init__(appid=appid, secret=secret, timeout=timeout, auto_retry=False)
        self.tokens = tokens
        self.network_backoff_s = tuple(network_backoff_s)
        self.sleep = sleep

    @property
    def access_token(self) -> str:
        return self.tokens.get()

    def fetch_access_token(self) -> dict[str, Any]:
        raise RuntimeError("tokens come from the shared TokenStore; call tokens.get()")

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        token_retried = False
        network_tries = 0
        while True:
            token = self.tokens.get()
            call = dict(kwargs)
            call["params"] = {**(kwargs.get("params") or {}), "access_token": token}
            try:
                return super()._request(method, url_or_endpoint, **call)
            except WeChatClientException as exc:
                if exc.errcode in TOKEN_ERRCODES and not token_retried:
                    # Compare-and-invalidate: if another process already replaced it, just re-read.
                    self.tokens.invalidate(token)
                    token_retried = True
                    continue
                status = exc.response.status_code if exc.response is not None else None
                if (
                    exc.errcode is None
                    and status in RETRY_HTTP_STATUS
                    and network_tries < len(self.network_backoff_s)
                ):
                    self.sleep(self.network_backoff_s[network_tries])
                    network_tries += 1
                    continue
                raise
            except requests.ConnectionError:
                if network_tries >= len(self.network_backoff_s):
                    raise
                self.sleep(self.network_backoff_s[network_tries])
                network_tries += 1


def make_http(api_base: str, *, transport: BaseAdapter | None = None) -> requests.Session:
    """A requests session whose WeChat calls all go to ``api_base`` (through ``transport`` if given)."""
    http = requests.Session()
    mount_api_base(http, api_base, transport=transport)
    return http


def build_client(
    settings: Settings,
    *,
    db: Database,
    transport: BaseAdapter | None = None,
    tokens: TokenStore | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    network_backoff_s: Sequence[float] = NETWORK_BACKOFF_S,
) -> SharedTokenClient:
    """The service's one way to get a WeChat client: shared token, API base, timeouts."""
    http = make_http(settings.wechat_api_base, transport=transport)
    secret = settings.wechat_app_secret.get_secret_value()
    if tokens is None:
        endpoint: TokenEndpoint = getattr(settings, "wechat_token_endpoint", "token")
        fetch = http_token_fetcher(
            http, app_id=settings.wechat_app_id, secret=secret, endpoint=endpoint, timeout=timeout
        )
        tokens = make_token_store(
            db=db, redis_url=settings.redis_url, app_id=settings.wechat_app_id, fetch=fetch
        )
    client = SharedTokenClient(
        appid=settings.wechat_app_id,
        secret=secret,
        tokens=tokens,
        timeout=timeout,
        network_backoff_s=network_backoff_s,
    )
    client._http.close()
    client._http = http
    return client


def send_payload(
    client: WeChatClient, *, channel: str, openid: str | None, payload: dict[str, Any], key: str
) -> str | None:
    """Send one outbox payload with keyword arguments only; returns WeChat's message id, if any."""
    message = client.message
    if channel == "custom":
        msgtype = payload["msgtype"]
        if msgtype == "text":
            result = message.send_text(user_id=openid, content=payload["text"])
        else:
            body = {"touser": openid, "msgtype": msgtype, msgtype: payload[msgtype]}
            result = client.post("message/custom/send", data=body)
    elif channel == "template":
        result = message.send_template(
            user_id=openid,
            template_id=payload["template_id"],
            data=payload["data"],
            url=payload.get("url"),
            mini_program=payload.get("miniprogram"),
        )
    elif channel == "subscribe":
        result = message.send_subscribe_message(
            openid=openid, template_id=payload["template_id"], data=payload["data"], page=payload.get("page")
        )
    elif channel == "mass":
        audience = payload["openids"] if "openids" in payload else int(payload["tag_id"])
        result = message.send_mass_text(
            content=payload["text"],
            tag_or_users=audience,
            client_msg_id=payload.get("clientmsgid") or mass_client_msg_id(key),
        )
    else:
        raise ValueError(f"unknown outbound channel: {channel}")
    msg_id = result.get("msgid") or result.get("msg_id") if isinstance(result, dict) else None
    return str(msg_id) if msg_id else None
