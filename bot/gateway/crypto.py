"""Safe-mode (AES) envelope: strict decryption and encryption of replies.

wechatpy's decrypt does not check padding or lengths, so bad input surfaces as IndexError or
struct.error; here every such case is a ``BadEnvelope`` the callback answers with a 4xx.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import struct

from wechatpy.crypto import PrpCrypto
from wechatpy.crypto.base import WeChatCipher

from bot.gateway.signature import sign, signature_ok


class BadEnvelope(ValueError):
    """An encrypted body that fails the signature, the padding, the length or the AppId check."""


class Envelope:
    def __init__(self, *, token: str, aes_key: str, app_id: str) -> None:
        try:
            key = base64.b64decode(aes_key + "=", validate=True)
        except binascii.Error:
            raise ValueError("WECHAT_AES_KEY must be the 43-character key from the WeChat console") from None
        if len(key) != 32:
            raise ValueError("WECHAT_AES_KEY must decode to 32 bytes")
        self._key = key
        self._token = token
        self._app_id = app_id

    def verify(self, *, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        if not signature_ok((self._token, timestamp, nonce, encrypted), msg_signature):
            raise BadEnvelope("msg_signature mismatch")

    def decrypt(self, encrypted: str) -> str:
        """Return the inner XML, checking padding, declared length and AppId."""
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise BadEnvelope("Encrypt is not base64") from None
        if not raw or len(raw) % 16:
            raise BadEnvelope("ciphertext length is not a multiple of the block size")
        plain = WeChatCipher(self._key).decrypt(raw)
        pad = plain[-1]
        if not 1 <= pad <= 32 or plain[-pad:] != bytes([pad]) * pad:
            raise BadEnvelope("bad padding")
        body = plain[16:-pad]
        if len(body) < 4:
            raise BadEnvelope("too short")
        (length,) = struct.unpack(">I", body[:4])
        if length > len(body) - 4:
            raise BadEnvelope("declared length exceeds the message")
        xml, app_id = body[4 : 4 + length], body[4 + length :]
        if not secrets.compare_digest(app_id, self._app_id.encode()):
            raise BadEnvelope("AppId mismatch")
        try:
            return xml.decode("utf-8")
        except UnicodeDecodeError:
            raise BadEnvelope("inner message is not UTF-8") from None

    def encrypt_reply(self, xml: str, *, timestamp: str, nonce: str) -> str:
        encrypted = PrpCrypto(self._key).encrypt(xml, self._app_id).decode()
        signature = sign(self._token, timestamp, nonce, encrypted)
        return (
            f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
            f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>"
        )
