"""Assembles the fake WeChat API: routers, error replies, the recording/fault middleware, the pusher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bot.fakewechat import (
    routes_admin,
    routes_auth,
    routes_mass,
    routes_menu_media,
    routes_messages,
    routes_tags,
)
from bot.fakewechat.callbacks import CallbackSender
from bot.fakewechat.config import FakeConfig
from bot.fakewechat.deps import WxError
from bot.fakewechat.errors import wx_error
from bot.fakewechat.state import FakeState
from bot.fakewechat.wire import FakeWire


async def _wx_error_reply(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WxError)
    return wx_error(exc.errcode, exc.detail, **exc.extra)


async def _unknown_api(request: Request) -> JSONResponse:
    # Say plainly that the fake lacks the API, rather than a 404 the bot might retry.
    return wx_error(48001, f"(the fake WeChat API does not implement {request.url.path})")


def create_fake_app(config: FakeConfig | None = None) -> FastAPI:
    """A fresh fake with its own state; ``app.state.fake`` is that state."""
    state = FakeState(config or FakeConfig())
    sender = CallbackSender(state)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.closing.set()
        sender.close()

    app = FastAPI(title="Fake WeChat API", lifespan=lifespan, docs_url="/_fake/docs", redoc_url=None)
    app.state.fake = state
    app.state.sender = sender
    app.add_exception_handler(WxError, _wx_error_reply)
    for module in (routes_auth, routes_messages, routes_mass, routes_tags, routes_menu_media, routes_admin):
        app.include_router(module.router)
    app.add_api_route("/cgi-bin/{rest:path}", _unknown_api, methods=["GET", "POST"], include_in_schema=False)
    app.add_middleware(FakeWire, state=state)
    return app
