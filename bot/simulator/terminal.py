"""``laborbot chat``: talk to the running service from a terminal, as WeChat would deliver each line."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bot.settings import Settings
from bot.simulator.driver import Action, Outcome, SimulatorDriver, openid_for, peer_for

HELP = ("命令：/follow 关注  /unfollow 取消关注  /click KEY 点菜单  /voice 文字 发语音  "
        "/loc 纬度 经度 发位置  /help 帮助  /quit 退出")
# After each turn, how long to wait for customer-service messages the bot sends on its own.
OUTBOUND_WAIT_S = 0.6


class BadCommand(ValueError):
    pass


def parse_line(line: str) -> Action | None:
    """Turn one typed line into an action (None for /quit); raise BadCommand with a hint."""
    text = line.strip()
    if not text.startswith("/"):
        return Action(kind="text", text=text)
    command, _, rest = text.partition(" ")
    rest = rest.strip()
    if command in ("/quit", "/exit", "/q"):
        return None
    if command == "/follow":
        return Action(kind="follow")
    if command == "/unfollow":
        return Action(kind="unfollow")
    if command == "/click":
        if not rest:
            raise BadCommand("用法：/click 菜单KEY，例如 /click COURSES")
        return Action(kind="click", key=rest)
    if command == "/voice":
        return Action(kind="voice", text=rest)
    if command == "/loc":
        parts = rest.split(maxsplit=2)
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            raise BadCommand("用法：/loc 纬度 经度 [地名]，例如 /loc 36.66 117.05 济南市历下区") from None
        return Action(kind="location", lat=lat, lon=lon, label=parts[2] if len(parts) > 2 else "")
    raise BadCommand(HELP)


@dataclass
class TerminalChat:
    """One persona's conversation; ``say`` prints what the phone would show after each action."""

    driver: SimulatorDriver
    openid: str
    say: Callable[[str], None]
    cursor: int = 0
    fake_warned: bool = False

    async def start(self) -> None:
        """Skip messages the fake delivered before this session began."""
        batch = await self.driver.outbound(self.openid, 0)
        self.cursor = batch.cursor
        if not batch.reachable:
            self._warn_fake()

    async def turn(self, action: Action) -> None:
        outcome = await self.driver.act(self.openid, action)
        self._show(outcome)
        await self.show_outbound(OUTBOUND_WAIT_S)

    async def show_outbound(self, wait_s: float = 0.0) -> None:
        batch = await self.driver.outbound(self.openid, self.cursor, wait_s=wait_s)
        if not batch.reachable:
            self._warn_fake()
            return
        for message in batch.messages:
            self.say(f"公众号［{message['label']}］：{message['text']}")
        self.cursor = batch.cursor

    def _show(self, outcome: Outcome) -> None:
        if outcome.failed:
            self.say(f"（微信提示）{outcome.reply}   [{outcome.error}]")
        elif outcome.reply:
            self.say(f"公众号：{outcome.reply}")
        if not outcome.fake_reachable:
            self._warn_fake()

    def _warn_fake(self) -> None:
        if not self.fake_warned:
            self.fake_warned = True
            self.say(f"（提示：未连上假微信接口 {self.driver.fake_base}，客服消息不会显示）")


def run_terminal_chat(settings: Settings, persona: str, base_url: str, mode: str, *,
                      read: Callable[[str], str] = input, say: Callable[[str], None] = print,
                      transport: httpx.AsyncBaseTransport | None = None) -> None:
    """A REPL: each line goes to ``{base_url}/wechat`` signed (and encrypted) per ``mode``."""
    openid = openid_for(persona)
    driver = SimulatorDriver(peer=peer_for(settings, mode), callback_url=f"{base_url.rstrip('/')}/wechat",
                             fake_base=settings.wechat_api_base, transport=transport)
    chat = TerminalChat(driver=driver, openid=openid, say=say)
    say(f"以 {openid} 的身份和公众号对话（{base_url}，{mode} 模式）。")
    say(HELP)
    asyncio.run(chat.start())
    while True:
        try:
            line = read("你：")
        except (EOFError, KeyboardInterrupt):
            say("")
            break
        if not line.strip():
            asyncio.run(chat.show_outbound())
            continue
        if line.strip() == "/help":
            say(HELP)
            continue
        try:
            action = parse_line(line)
        except BadCommand as exc:
            say(str(exc))
            continue
        if action is None:
            break
        asyncio.run(chat.turn(action))
    say("再见！")
