"""Plays one user's phone: posts to ``/wechat`` as WeChat would, and keeps the fake WeChat API in step.

Shared by the simulator page (``routes.py``) and ``laborbot chat`` (``terminal.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from bot.settings import Settings
from bot.simulator.peer import Mode, WeChatPeer

ActionKind = Literal["text", "voice", "location", "click", "view", "follow", "unfollow"]

# Fixed openids so a demo persona keeps its history between runs.
PERSONA_OPENIDS = {"worker": "sim_worker", "employer": "sim_employer", "staff": "sim_staff"}
OPENID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# What WeChat shows when the callback fails or answers garbage.
UNAVAILABLE = "该公众号暂时无法提供服务，请稍后再试"
CHANNEL_LABELS = {"custom": "客服消息", "template": "模板消息", "subscribe": "订阅通知", "mass": "群发"}

# The interaction each action reports to the fake: it opens the customer-service window as WeChat does.
# A "view" (link) button opens no window; an unfollow has its own endpoint.
_FAKE_INTERACTION = {"text": "message", "voice": "message", "location": "message", "click": "click"}


def openid_for(persona: str) -> str:
    """``worker`` / ``employer`` / ``staff`` map to fixed openids; anything else is the openid itself."""
    openid = PERSONA_OPENIDS.get(persona.strip(), persona.strip())
    if not OPENID_PATTERN.match(openid):
        raise ValueError("openid 只能包含字母、数字、下划线和短横线（最长 64 个字符）")
    return openid


def peer_for(settings: Settings, mode: str | None = None) -> WeChatPeer:
    """A peer that signs (and encrypts) exactly as the account is configured."""
    chosen = mode or settings.wechat_encrypt_mode
    if chosen not in ("plain", "compatible", "safe"):
        raise ValueError(f"未知的加密模式：{chosen}（可选 plain / compatible / safe）")
    aes_key = settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key else None
    mode_checked: Mode = chosen  # type: ignore[assignment]
    return WeChatPeer(token=settings.wechat_token.get_secret_value(), app_id=settings.wechat_app_id,
                      aes_key=aes_key, mode=mode_checked)


@dataclass(frozen=True)
class Action:
    """One thing the user does on the phone."""

    kind: ActionKind
    text: str = ""  # the message, or the voice's recognition text (may be empty)
    key: str = ""  # a click button's key, or a view button's URL
    lat: float = 0.0
    lon: float = 0.0
    label: str = ""  # the place name WeChat attaches to a location


@dataclass(frozen=True)
class Outcome:
    """What the user saw right away: the passive reply, or WeChat's failure notice."""

    reply: str | None
    status: int
    failed: bool = False
    fake_reachable: bool = True
    error: str = ""


@dataclass(frozen=True)
class OutboundBatch:
    """Messages the fake WeChat API delivered to the user (customer-service, template, mass…)."""

    reachable: bool
    messages: list[dict[str, Any]] = field(default_factory=list)
    cursor: int = 0


class SimulatorDriver:
    """Sends actions to ``callback_url`` and mirrors them to the fake at ``fake_base``."""

    def __init__(self, *, peer: WeChatPeer, callback_url: str, fake_base: str,
                 transport: httpx.AsyncBaseTransport | None = None, timeout_s: float = 10.0) -> None:
        self.peer = peer
        self.callback_url = callback_url
        self.fake_base = fake_base.rstrip("/")
        self.transport = transport  # tests inject the app itself here
        self.timeout_s = timeout_s

    def xml_for(self, openid: str, action: Action) -> str:
        peer = self.peer
        if action.kind == "text":
            return peer.text(openid, action.text)
        if action.kind == "voice":
            return peer.voice(openid, action.text)
        if action.kind == "location":
            return peer.location(openid, action.lat, action.lon, action.label)
        if action.kind == "click":
            return peer.event(openid, "CLICK", action.key)
        if action.kind == "view":
            return peer.event(openid, "VIEW", action.key)
        if action.kind == "follow":
            return peer.event(openid, "subscribe")
        return peer.event(openid, "unsubscribe")

    async def act(self, openid: str, action: Action) -> Outcome:
        """Tell the fake first (so replies sent during the callback find an open window), then post."""
        fake_ok = await self._tell_fake(openid, action)
        query, body = self.peer.request(self.xml_for(openid, action))
        try:
            async with httpx.AsyncClient(transport=self.transport, trust_env=False,
                                         timeout=self.timeout_s) as client:
                response = await client.post(f"{self.callback_url}?{query}", content=body,
                                             headers={"Content-Type": "text/xml"})
        except httpx.HTTPError as exc:
            return Outcome(UNAVAILABLE, 0, failed=True, fake_reachable=fake_ok,
                           error=f"无法连接 {self.callback_url}：{type(exc).__name__}")
        try:
            reply = self.peer.read_reply(response.status_code, response.text)
        except Exception as exc:  # a body WeChat cannot parse: the user sees the failure notice
            return Outcome(UNAVAILABLE, response.status_code, failed=True, fake_reachable=fake_ok,
                           error=f"回复无法解析：{type(exc).__name__}")
        if response.status_code != 200:
            return Outcome(UNAVAILABLE, response.status_code, failed=True, fake_reachable=fake_ok,
                           error=f"HTTP {response.status_code}：{response.text[:200]}")
        return Outcome(reply.text, response.status_code, fake_reachable=fake_ok)

    async def outbound(self, openid: str, since: int = 0, wait_s: float = 0.0) -> OutboundBatch:
        """New messages the fake delivered to ``openid`` after cursor ``since``."""
        params: dict[str, str | int | float] = {"openid": openid, "since": since}
        if wait_s:
            params["wait_s"] = wait_s
        try:
            async with httpx.AsyncClient(trust_env=False, timeout=wait_s + 2.0) as client:
                response = await client.get(f"{self.fake_base}/_fake/messages", params=params)
                response.raise_for_status()
                data = response.json()
        except (httpx.HTTPError, ValueError):
            return OutboundBatch(reachable=False, cursor=since)
        messages = [_shown(item) for item in data.get("messages", []) if isinstance(item, dict)]
        return OutboundBatch(reachable=True, messages=messages, cursor=int(data.get("cursor", since)))

    async def _tell_fake(self, openid: str, action: Action) -> bool:
        if action.kind == "follow":
            path, payload = "/_fake/follow", {"openid": openid}
        elif action.kind == "unfollow":
            path, payload = "/_fake/unfollow", {"openid": openid}
        elif action.kind in _FAKE_INTERACTION:
            path, payload = "/_fake/interaction", {"openid": openid, "kind": _FAKE_INTERACTION[action.kind]}
        else:
            return True
        try:
            async with httpx.AsyncClient(trust_env=False, timeout=2.0) as client:
                response = await client.post(f"{self.fake_base}{path}", json=payload)
                return response.status_code == 200
        except httpx.HTTPError:
            return False


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    channel = str(item.get("channel", ""))
    return {"seq": item.get("seq", 0), "channel": channel, "label": CHANNEL_LABELS.get(channel, channel),
            "msgtype": item.get("msgtype", ""), "text": str(item.get("text", "")), "at": item.get("at")}
