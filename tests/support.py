"""Conversation tests as data: a persona says something through ``/wechat`` and reads the reply."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from bot.simulator.peer import Reply, WeChatPeer


@dataclass
class Persona:
    client: TestClient
    peer: WeChatPeer
    openid: str
    replies: list[str | None] = field(default_factory=list)

    def post(self, xml: str, *, timestamp: int | None = None) -> Reply:
        query, body = self.peer.request(xml, timestamp=timestamp)
        response = self.client.post(f"/wechat?{query}", content=body, headers={"Content-Type": "text/xml"})
        reply = self.peer.read_reply(response.status_code, response.text)
        self.replies.append(reply.text)
        return reply

    def say(self, text: str, *, msg_id: str | None = None) -> str:
        """Send a text message; return the passive reply (failing if there is none)."""
        reply = self.post(self.peer.text(self.openid, text, msg_id=msg_id))
        assert reply.status == 200, reply.raw
        assert reply.text is not None, f"no passive reply to {text!r}: {reply.raw!r}"
        return reply.text

    def voice(self, recognition: str = "") -> str:
        reply = self.post(self.peer.voice(self.openid, recognition))
        assert reply.text is not None
        return reply.text

    def event(self, event: str, key: str = "", **extra: str | int | float) -> Reply:
        return self.post(self.peer.event(self.openid, event, key, **extra))

    def follow(self, scene: str = "") -> str | None:
        return self.event("subscribe", f"qrscene_{scene}" if scene else "").text

    def click(self, key: str) -> str:
        reply = self.event("CLICK", key)
        assert reply.text is not None
        return reply.text

    def dialog(self, turns: list[tuple[str, str]]) -> None:
        """Each turn: what the user says, and a fragment the reply must contain."""
        for said, expected in turns:
            reply = self.say(said)
            assert expected in reply, f"after {said!r} expected {expected!r} in {reply!r}"
