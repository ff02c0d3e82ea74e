"""Reference point for bench/callback.py: a bare FastAPI + wechatpy echo bot (no state, no storage).

BENCH_APP=bench.echo_app:create python bench/callback.py
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import check_signature

from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN


def create() -> FastAPI:
    app = FastAPI()
    crypto = WeChatCrypto(DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID)

    @app.get("/readyz")
    def ready() -> PlainTextResponse:
        return PlainTextResponse("ready")

    @app.post("/wechat")
    async def wechat(request: Request) -> Response:
        q = request.query_params
        check_signature(DEV_TOKEN, q["signature"], q["timestamp"], q["nonce"])
        body = await request.body()
        if q.get("encrypt_type") == "aes":
            xml = crypto.decrypt_message(body, q["msg_signature"], q["timestamp"], q["nonce"])
            reply = create_reply("您好", parse_message(xml)).render()
            return Response(
                crypto.encrypt_message(reply, q["nonce"], q["timestamp"]), media_type="application/xml"
            )
        return Response(create_reply("您好", parse_message(body)).render(), media_type="application/xml")

    return app
