"""Staff: check and reload content without restarting."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from bot.api.deps import CtxDep
from bot.services.content_reload import reload_content
from content.check import check_all

router = APIRouter(prefix="/content", tags=["内容"])


@router.get("/check", summary="校验全部内容文件")
def check() -> dict[str, list[str]]:
    return check_all()


@router.post("/reload", summary="重新加载内容（有错误则保留原内容）")
def reload(ctx: CtxDep) -> dict[str, object]:
    reloaded, problems = reload_content(ctx)
    if not reloaded:
        raise HTTPException(422, {"message": "内容有误，已保留原内容", "problems": problems})
    return {"reloaded": True}
