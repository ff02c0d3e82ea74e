"""WeChat's side of the callback: builds signed (and, in safe mode, encrypted) POSTs to ``/wechat``
exactly as WeChat's servers send them, and reads the passive replies back.

Used by the simulator page, ``laborbot chat``, the tests and the benchmark.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

import xmltodict
from wechatpy.crypto import WeChatCrypto

from bot.gateway.reply import cdata
from bot.gateway.signature import sign

Mode = Literal["plain", "compatible", "safe"]
_ids = itertools.count(int(time.time() * 1000) * 1000)
_ids_lock = threading.Lock()


def next_msg_id() -> str:
    with _ids_lock:
        return str(next(_ids))


@dataclass(frozen=True)
class Reply:
    """What the user would see from one POST: the passive reply text, or nothing (``success``)."""

    status: int
    text: str | None
    raw: str


def message_xml(
    *,
    openid: str,
    to_user: str,
    msg_type: str,
    fields: dict[str, str | int | float],
    create_time: int | None = None,
) -> str:
    parts = [
        f"<ToUserName>{cdata(to_user)}</ToUserName>",
        f"<FromUserName>{cdata(openid)}</FromUserName>",
        f"<CreateTime>{create_time or int(time.time())}</CreateTime>",
        f"<MsgType>{cdata(msg_type)}</MsgType>",
    ]
    for key, value in fields.items():
        parts.append(f"<{key}>{cdata(value) if isinstance(value, str) else value}</{key}>")
    return "<xml>" + "".join(parts) + "</xml>"


class WeChatPeer:
    """Signs and wraps messages for one official account."""

    def __init__(
        self,
        *,
        token: str,
        app_id: str,
        aes_key: str | None,
        mode: Mode = "safe",
        account: str = "gh_laborbot_dev",
    ) -> None:
        self.token, self.app_id, self.mode, self.account = token, app_id, mode, account
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    # -- building messages -------------------------------------------------------------------
    def text(self, openid: str, content: str, msg_id: str | None = None) -> str:
        return message_xml(
            openid=openid,
            to_user=self.account,
            msg_type="text",
            fields={"Content": content, "MsgId": int(msg_id or next_msg_id())},
        )

    def voice(self, openid: str, recognition: str = "", msg_id: str | None = None) -> str:
        fields: dict[str, str | int | float] = {
            "MediaId": "media_" + secrets.token_hex(6),
            "Format": "amr",
            "MsgId": int(msg_id or next_msg_id()),
        }
        if recognition:
            fields["Recognition"] = recognition
        return message_xml(openid=openid, to_user=self.account, msg_type="voice", fields=fields)

    def location(self, openid: str, lat: float, lon: float, label: str = "") -> str:
        return message_xml(
            openid=openid,
            to_user=self.account,
            msg_type="location",
            fields={
                "Location_X": lat,
                "Location_Y": lon,
                "Scale": 15,
                "Label": label,
                "MsgId": int(next_msg_id()),
            },
        )

    def media(self, openid: str, msg_type: str) -> str:
        fields: dict[str, str | int | float] = {"MsgId": int(next_msg_id())}
        if msg_type == "link":
            fields.update(Title="链接", Description="", Url="https://example.com/")
        else:
            fields.update(MediaId="media_" + secrets.token_hex(6), PicUrl="http://127.0.0.1/pic.jpg")
        return message_xml(openid=openid, to_user=self.account, msg_type=msg_type, fields=fields)

    def event(
        self,
        openid: str,
        event: str,
        key: str = "",
        create_time: int | None = None,
        **extra: str | int | float,
    ) -> str:
        fields: dict[str, str | int | float] = {"Event": event}
        if key or event in ("CLICK", "VIEW", "SCAN", "subscribe"):
            fields["EventKey"] = key
        fields.update(extra)
        return message_xml(
            openid=openid, to_user=self.account, msg_type="event", fields=fields, create_time=create_time
        )

    # -- the wire ------------------------------------------------------------------------------
    def request(
        self, xml: str, *, timestamp: int | None = None, nonce: str | None = None
    ) -> tuple[str, bytes]:
        """The query string and body WeChat would POST for ``xml``."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        nonce = nonce or secrets.token_hex(5)
        query = {
            "signature": sign(self.token, ts, nonce),
            "timestamp": ts,
            "nonce": nonce,
            "openid": _openid_of(xml),
        }
        if self.mode == "plain" or self.crypto is None:
            return urlencode(query), xml.encode("utf-8")
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, nonce, ts))["xml"]
        query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
        if self.mode == "safe":
            encrypted = cdata(envelope["Encrypt"])
            body = f"<xml><ToUserName>{cdata(self.account)}</ToUserName><Encrypt>{encrypted}</Encrypt></xml>"
        else:  # compatible: plaintext and ciphertext side by side
            body = xml.replace("</xml>", f"<Encrypt>{cdata(envelope['Encrypt'])}</Encrypt></xml>")
        return urlencode(query), body.encode("utf-8")

    def read_reply(self, status: int, body: str) -> Reply:
        if status != 200 or body in ("", "success"):
            return Reply(status, None, body)
        root = xmltodict.parse(body)["xml"]
        if "Encrypt" in root:
            if self.crypto is None:
                raise ValueError("encrypted reply but no AES key")
            inner = self.crypto.decrypt_message(body, root["MsgSignature"], root["TimeStamp"], root["Nonce"])
            root = xmltodict.parse(inner)["xml"]
        return Reply(status, root.get("Content"), body)


def _openid_of(xml: str) -> str:
    start = xml.find("<FromUserName><![CDATA[")
    if start < 0:
        return ""
    start += len("<FromUserName><![CDATA[")
    return xml[start : xml.find("]]>", start)]
