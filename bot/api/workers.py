"""Staff API: workers who enrolled. Masked by default; in full only with a ``reason``, which is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel

from bot.api.deps import CtxDep, Offset, RowId, SessionDep, StaffDep
from bot.privacy import mask_name, mask_phone
from bot.services.roster_excel import audit
from bot.services.training import worker_id_number
from bot.store import training as store
from bot.store.training_models import Worker

router = APIRouter(prefix="/workers", tags=["培训：学员"])


class WorkerPublic(BaseModel):
    id: int
    name: str
    phone: str
    id_number: str | None
    city: str | None
    county: str | None
    priority_group: str | None
    masked: bool


def view(worker: Worker, *, secret: str | None) -> WorkerPublic:
    """Masked unless ``secret`` is given to unseal the ID number for a full view."""
    assert worker.id is not None
    full = secret is not None
    return WorkerPublic(
        id=worker.id,
        name=worker.name if full else mask_name(worker.name),
        phone=worker.phone if full else mask_phone(worker.phone),
        id_number=worker_id_number(worker, secret=secret) if secret is not None else worker.id_masked,
        city=worker.city,
        county=worker.county,
        priority_group=worker.priority_group,
        masked=not full,
    )


@router.get("", response_model=list[WorkerPublic], summary="学员列表（打码）")
def list_workers(
    session: SessionDep, _: StaffDep, limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Offset = 0
) -> list[WorkerPublic]:
    return [view(w, secret=None) for w in store.list_workers(session, limit=limit, offset=offset)]


@router.get(
    "/{worker_id}", response_model=WorkerPublic, summary="一个学员；带 reason 时显示完整信息并记录审计"
)
def get_worker(
    worker_id: RowId,
    session: SessionDep,
    ctx: CtxDep,
    actor: StaffDep,
    reason: Annotated[
        str | None, Query(min_length=2, max_length=200, description="查看完整信息的理由")
    ] = None,
) -> WorkerPublic:
    worker = store.get_worker_by_id(session, worker_id=worker_id)
    if worker is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这个学员")
    if reason is None:
        return view(worker, secret=None)
    audit(session, actor=actor, action="worker_full_view", subject=f"worker:{worker_id}", reason=reason)
    return view(worker, secret=ctx.settings.id_encryption_key.get_secret_value())
