"""The staff REST API under ``/api`` (OpenAPI at ``/docs``): one router module per resource,
all listed in ``RESOURCES`` and protected by the bearer token from settings."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter, Depends

from bot.api.deps import require_staff
from bot.context import AppContext

# Each module exposes ``router: APIRouter``; add a module here to add its endpoints.
RESOURCES: list[str] = [
    "bot.api.content",
    "bot.api.employers", "bot.api.vacancies", "bot.api.matching",
    "bot.api.brands", "bot.api.courses", "bot.api.enrolments", "bot.api.workers",  # training (issue 4)
]


def build_api_router(ctx: AppContext) -> APIRouter:
    api = APIRouter(prefix="/api", dependencies=[Depends(require_staff)])
    for name in RESOURCES:
        api.include_router(import_module(name).router)
    return api
