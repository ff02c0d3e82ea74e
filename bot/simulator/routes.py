"""``/simulator``: a phone-like chat page (development only) and the small API behind it.

Each action becomes a real signed (and, in safe mode, encrypted) POST to this service's ``/wechat``
over HTTP, as WeChat would send it. Tests may set ``app.state.simulator_transport`` to an httpx
transport (e.g. ``httpx.ASGITransport(app)``) so the POST reaches the app without a socket.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from bot.context import AppContext
from bot.simulator.driver import PERSONA_OPENIDS, Action, ActionKind, SimulatorDriver, openid_for, peer_for
from content.menu import load_menu

STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
NO_CACHE = {"Cache-Control": "no-cache"}

# Preset places in Shandong (latitude, longitude), as WeChat's location picker would label them.
PLACES: list[dict[str, Any]] = [
    {"name": "济南历下", "label": "山东省济南市历下区", "lat": 36.66, "lon": 117.05},
    {"name": "青岛市南", "label": "山东省青岛市市南区", "lat": 36.07, "lon": 120.38},
    {"name": "烟台芝罘", "label": "山东省烟台市芝罘区", "lat": 37.54, "lon": 121.40},
    {"name": "潍坊奎文", "label": "山东省潍坊市奎文区", "lat": 36.71, "lon": 119.13},
    {"name": "淄博张店", "label": "山东省淄博市张店区", "lat": 36.81, "lon": 118.05},
    {"name": "济宁任城", "label": "山东省济宁市任城区", "lat": 35.41, "lon": 116.59},
    {"name": "临沂兰山", "label": "山东省临沂市兰山区", "lat": 35.05, "lon": 118.35},
    {"name": "菏泽牡丹", "label": "山东省菏泽市牡丹区", "lat": 35.25, "lon": 115.44},
]
ROLES = {"worker": "劳动者", "employer": "企业", "staff": "工作人员"}


class SendRequest(BaseModel):
    persona: str = Field(min_length=1, max_length=64, description="worker / employer / staff 或 openid")
    kind: ActionKind
    text: str = Field(default="", max_length=2000)
    key: str = Field(default="", max_length=1024)
    lat: float = Field(default=0.0, ge=-90, le=90)
    lon: float = Field(default=0.0, ge=-180, le=180)
    label: str = Field(default="", max_length=200)


def build_simulator_router(ctx: AppContext) -> APIRouter:
    api = APIRouter(prefix="/simulator", include_in_schema=False)
    settings = ctx.settings

    def driver_for(request: Request) -> SimulatorDriver:
        transport: httpx.AsyncBaseTransport | None = getattr(request.app.state, "simulator_transport", None)
        base = str(request.base_url).rstrip("/")  # the address the browser reached us at reaches us too
        return SimulatorDriver(peer=peer_for(settings), callback_url=f"{base}/wechat",
                               fake_base=settings.wechat_api_base, transport=transport)

    def checked_openid(persona: str) -> str:
        try:
            return openid_for(persona)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @api.get("")
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=NO_CACHE)

    @api.get("/static/{name}")
    def static(name: str) -> FileResponse:
        if name not in STATIC_FILES:
            raise HTTPException(404, "not found")
        return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers=NO_CACHE)

    @api.get("/api/config")
    def config() -> dict[str, Any]:
        return {
            "menu": load_menu().to_wechat()["button"],
            "personas": [{"role": role, "name": name, "openid": PERSONA_OPENIDS[role]}
                         for role, name in ROLES.items()],
            "places": PLACES,
            "mode": settings.wechat_encrypt_mode,
            "fake_base": settings.wechat_api_base,
        }

    @api.post("/api/send")
    async def send(body: SendRequest, request: Request) -> dict[str, Any]:
        openid = checked_openid(body.persona)
        action = Action(kind=body.kind, text=body.text, key=body.key, lat=body.lat, lon=body.lon,
                        label=body.label)
        if action.kind == "text" and not action.text.strip():
            raise HTTPException(422, "消息不能为空")
        outcome = await driver_for(request).act(openid, action)
        return {"openid": openid, "reply": outcome.reply, "status": outcome.status, "failed": outcome.failed,
                "fake_reachable": outcome.fake_reachable, "error": outcome.error}

    @api.get("/api/outbound")
    async def outbound(request: Request, persona: Annotated[str, Query(min_length=1, max_length=64)],
                       since: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        batch = await driver_for(request).outbound(checked_openid(persona), since)
        return {"available": batch.reachable, "messages": batch.messages, "cursor": batch.cursor}

    return api
