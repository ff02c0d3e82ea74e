"""Event pushes to the bot's callback URL, signed (and in safe mode encrypted) as WeChat does."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

import httpx

from bot.fakewechat.config import FakeConfig
from bot.fakewechat.state import FakeState
from bot.simulator.peer import WeChatPeer


def event_xml(fields: dict[str, str | int]) -> str:
    """WeChat's push XML: strings in CDATA, numbers bare."""
    parts = []
    for name, value in fields.items():
        text = str(value) if isinstance(value, int) else f"<![CDATA[{value}]]>"
        parts.append(f"<{name}>{text}</{name}>")
    return "<xml>" + "".join(parts) + "</xml>"


def signed_push(config: FakeConfig, xml: str, openid: str) -> tuple[dict[str, str], str]:
    """Query string and body of one push, in the account's encryption mode: what WeChat's servers send,
    built by the same ``WeChatPeer`` the simulator and the tests use."""
    peer = WeChatPeer(
        token=config.callback_token,
        app_id=config.callback_app_id,
        aes_key=config.callback_aes_key or None,
        mode=config.callback_encrypt,
        account=config.original_id,
    )
    # The transport timestamp is wall time (the peer's default): a receiver's replay window compares
    # it with its own clock, whatever the fake's clock says.
    query, body = peer.request(xml)
    params = dict(parse_qsl(query))
    params["openid"] = openid
    return params, body.decode("utf-8")


class CallbackSender:
    """Delivers pushes from worker threads after a short delay and records the HTTP status each got."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fake-wechat-callback")
        self._http = httpx.Client(trust_env=False)

    def push_event(self, event: str, openid: str, fields: dict[str, str | int]) -> bool:
        """Queue an event push; False when no callback URL is configured."""
        config = self.state.config
        if not config.callback_url:
            return False
        body: dict[str, str | int] = {
            "ToUserName": config.original_id,
            "FromUserName": openid,
            "CreateTime": int(self.state.now()),
            "MsgType": "event",
            "Event": event,
            **fields,
        }
        self._pool.submit(self._deliver, config.callback_url, event, openid, body)
        return True

    def _deliver(self, url: str, event: str, openid: str, fields: dict[str, str | int]) -> None:
        time.sleep(self.state.config.callback_delay_s)
        xml = event_xml(fields)
        params, body = signed_push(self.state.config, xml, openid)
        result: dict[str, Any] = {"event": event, "openid": openid, "url": url, "xml": xml, "fields": fields}
        try:
            response = self._http.post(
                url,
                params=params,
                content=body.encode(),
                headers={"Content-Type": "text/xml; charset=utf-8"},
                timeout=self.state.config.callback_timeout_s,
            )
            result.update(status=response.status_code, reply=response.text[:500], error=None)
        except httpx.HTTPError as exc:
            result.update(status=None, reply=None, error=f"{type(exc).__name__}: {exc}")
        self.state.record_callback(**result)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._http.close()
