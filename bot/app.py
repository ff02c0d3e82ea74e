"""Assembles the service: settings → database → context → routes, with the lifespan's workers."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from bot.context import AppContext
from bot.gateway.callback import Gateway, routes
from bot.gateway.dedup import DatabaseDedup, DedupStore, RedisDedup
from bot.settings import Settings, get_settings
from bot.store.db import Database

log = logging.getLogger("laborbot.app")


def build_context(settings: Settings) -> AppContext:
    from bot.services.employment_commands import with_employment_commands
    from bot.services.understanding_intents import IntentsUnderstander

    db = Database(settings.database_url)
    dedup: DedupStore = RedisDedup(settings.redis_url) if settings.redis_url else DatabaseDedup()
    # Short follow-up commands ("感兴趣 2", "看候选人") are matched exactly before the policy Q&A.
    understander = with_employment_commands(IntentsUnderstander.load())
    return AppContext(settings=settings, db=db, dedup=dedup, understander=understander)


def create_app(settings: Settings | None = None, *, context: AppContext | None = None) -> FastAPI:
    settings = settings or get_settings()
    ctx = context or build_context(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from bot.outbound.sender import OutboundSender

        ctx.sender = OutboundSender(ctx.db, settings)
        await ctx.sender.start()
        scheduler = None
        if settings.scheduler_enabled:
            from bot.scheduler import start_scheduler

            scheduler = start_scheduler(ctx)
        # The indexes and dictionaries loaded at start-up live as long as the process: keep them out
        # of the garbage collector's full passes, which otherwise pause every request for ~100 ms.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await app.state.gateway.close()
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await ctx.sender.stop()
            ctx.db.dispose()

    app = FastAPI(
        title="laborbot",
        version="0.1.0",
        lifespan=lifespan,
        description="山东特色劳务品牌公众号服务：WeChat 回调、工作人员 API",
    )
    app.state.ctx = ctx
    gateway = Gateway(ctx)
    app.state.gateway = gateway
    app.router.routes.extend(routes(gateway))
    _add_health(app, ctx)
    if settings.simulator_enabled and settings.env != "production":
        from bot.simulator.routes import build_simulator_router

        app.include_router(build_simulator_router(ctx))
    _add_api(app, ctx)
    return app


def _add_health(app: FastAPI, ctx: AppContext) -> None:
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        try:
            with ctx.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # the database is unreachable: not ready
            return PlainTextResponse(f"database unreachable: {type(exc).__name__}", status_code=503)
        return PlainTextResponse("ready")

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _add_api(app: FastAPI, ctx: AppContext) -> None:
    from sqlalchemy.exc import DataError, StatementError

    from bot.api import build_api_router

    app.include_router(build_api_router(ctx))

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    @app.exception_handler(StatementError)
    async def _out_of_range(_: Request, exc: Exception) -> Response:
        """A value the database cannot hold is the caller's mistake (422), never a 500."""
        log.warning("request refused by the database", extra={"error": type(exc).__name__})
        return JSONResponse({"detail": "参数超出范围或格式不对，请检查后重试"}, status_code=422)


def asgi() -> Any:
    """Entry point for ``uvicorn bot.app:asgi --factory`` (several workers in production)."""
    from bot.logs import configure

    settings = get_settings()
    configure(settings.log_level)
    return create_app(settings)
