"""``/wechat``: verify → decrypt → parse → de-duplicate → route (within the deadline) → reply.

Every refusal is a 4xx with a short plain body. A handler that overruns the deadline makes the
request answer ``success``; its reply then goes out as a customer-service message, so WeChat's
retry gets nothing twice and the user still gets the answer.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot import metrics
from bot.context import AppContext
from bot.gateway.crypto import BadEnvelope, Envelope
from bot.gateway.dedup import Claim
from bot.gateway.inbound import BadMessage, Inbound, parse_xml, to_inbound
from bot.gateway.locks import UserLocks
from bot.gateway.process import Late, process_message
from bot.gateway.reply import text_reply_xml
from bot.gateway.signature import fresh, signature_ok
from bot.gateway.writer import BatchWriter
from bot.privacy import hash_openid

log = logging.getLogger("laborbot.gateway")
SUCCESS = "success"


class BodyTooLarge(Exception):
    pass


def routes(gateway: Gateway) -> list[Route]:
    """Plain Starlette routes: the callback needs none of FastAPI's parameter machinery."""
    return [
        Route("/wechat", gateway.verify, methods=["GET"], include_in_schema=False),
        Route("/wechat", gateway.receive, methods=["POST"], include_in_schema=False),
    ]


def _refuse(status: int, reason: str) -> Response:
    metrics.REJECTED.labels(reason).inc()
    return PlainTextResponse(reason, status_code=status)


class Gateway:
    def __init__(self, app: AppContext) -> None:
        self.app = app
        s = app.settings
        self.token = s.wechat_token.get_secret_value()
        self.envelope = (
            Envelope(token=self.token, aes_key=s.wechat_aes_key.get_secret_value(), app_id=s.wechat_app_id)
            if s.wechat_aes_key
            else None
        )
        self.locks = UserLocks()
        self.pending: set[asyncio.Task[Claim]] = set()
        # Handlers run off the event loop. PostgreSQL runs many transactions at once, so a thread pool;
        # SQLite has one writer, so one thread that commits the waiting messages together.
        self.executor: ThreadPoolExecutor | None = None
        self.writer: BatchWriter | None = None

    async def verify(self, request: Request) -> Response:
        q = request.query_params
        if not signature_ok((self.token, q.get("timestamp", ""), q.get("nonce", "")), q.get("signature", "")):
            return _refuse(403, "invalid signature")
        return PlainTextResponse(q.get("echostr", ""))

    async def receive(self, request: Request) -> Response:
        started = time.perf_counter()
        q = request.query_params
        timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
        if not signature_ok((self.token, timestamp, nonce), q.get("signature", "")):
            return _refuse(403, "invalid signature")
        if not fresh(timestamp, self.app.settings.replay_window_s):
            return _refuse(403, "stale timestamp")
        try:
            body = await self._read_body(request)
        except BodyTooLarge:
            return _refuse(413, "body too large")
        encrypted = q.get("encrypt_type", "raw").lower() == "aes"
        try:
            inbound = self._open(body, encrypted, timestamp, nonce, q.get("msg_signature", ""))
        except BadEnvelope as exc:
            return _refuse(403 if "signature" in str(exc) or "AppId" in str(exc) else 400, str(exc))
        except BadMessage as exc:
            return _refuse(400, str(exc))
        metrics.MESSAGES.labels(inbound.event or inbound.msg_type).inc()
        reply = await self._reply_for(inbound)
        metrics.REPLY_LATENCY.observe(time.perf_counter() - started)
        if reply is None:
            return PlainTextResponse(SUCCESS)
        xml = text_reply_xml(to_user=inbound.openid, from_user=inbound.to_user, content=reply)
        if encrypted and self.envelope:
            # The nonce only has to differ between replies; os.urandom costs ~0.1 ms on some VMs.
            nonce = f"{random.getrandbits(40):010x}"
            xml = self.envelope.encrypt_reply(xml, timestamp=str(int(time.time())), nonce=nonce)
        return Response(xml, media_type="application/xml")

    async def _read_body(self, request: Request) -> bytes:
        limit = self.app.settings.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    def _open(self, body: bytes, encrypted: bool, timestamp: str, nonce: str, msg_signature: str) -> Inbound:
        root = parse_xml(body)
        if encrypted:
            if self.envelope is None:
                raise BadMessage("encrypted message but no WECHAT_AES_KEY configured")
            cipher = root.get("Encrypt")
            if not isinstance(cipher, str) or not cipher:
                raise BadMessage("missing Encrypt")
            self.envelope.verify(
                msg_signature=msg_signature, timestamp=timestamp, nonce=nonce, encrypted=cipher
            )
            root = parse_xml(self.envelope.decrypt(cipher))
        elif self.app.settings.wechat_encrypt_mode == "safe":
            raise BadMessage("this account runs in safe mode: plaintext messages are refused")
        return to_inbound(root)

    async def _reply_for(self, inbound: Inbound) -> str | None:
        """Handle within the deadline; past it answer ``success`` and let the handler send later."""
        late = Late()
        task = asyncio.ensure_future(self._process(inbound, late))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)
        done, _ = await asyncio.wait({task}, timeout=self.app.settings.reply_deadline_s)
        if not done and late.give_up():
            log.warning("reply deferred past the deadline", extra={"user": hash_openid(inbound.openid)})
            return None
        claim = await task
        if claim.outcome == "done":
            metrics.DEDUP_HITS.labels("replayed").inc()
        elif claim.outcome == "busy":
            metrics.DEDUP_HITS.labels("in_progress").inc()
        return claim.reply

    async def _process(self, inbound: Inbound, late: Late) -> Claim:
        async with self.locks.hold(inbound.openid):
            if self.app.db.is_sqlite:
                if self.writer is None:
                    self.writer = BatchWriter(self.app)
                claim = await asyncio.wrap_future(self.writer.submit(inbound, late))
            else:
                if self.executor is None:
                    self.executor = ThreadPoolExecutor(max_workers=32, thread_name_prefix="handler")
                loop = asyncio.get_running_loop()
                claim = await loop.run_in_executor(self.executor, process_message, self.app, inbound, late)
        self.app.wake_sender()
        return claim

    async def close(self) -> None:
        """Shutdown: let handlers still running finish, so no accepted message is dropped."""
        if self.pending:
            await asyncio.wait(set(self.pending), timeout=10)
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)
        if self.executor is not None:
            self.executor.shutdown(wait=False)
