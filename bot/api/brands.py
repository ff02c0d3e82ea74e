"""Staff API: labour brands (list, read, create, update)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel

from bot.api.deps import SessionDep, StaffDep
from bot.services.training import apply_catalogue
from bot.store import training as store
from bot.store.training_models import Brand
from content.catalogue import BRAND_LABELS, BrandSpec, parse_brand

router = APIRouter(prefix="/brands", tags=["培训：劳务品牌"])


class BrandPublic(BaseModel):
    code: str
    name: str
    type: str
    unit: str
    city: str
    description: str
    target_trained: int
    target_placed: int
    demo: bool


def public(brand: Brand) -> BrandPublic:
    return BrandPublic.model_validate(brand, from_attributes=True)


def _checked(values: dict[str, Any]) -> BrandSpec:
    parsed = parse_brand(values)
    if isinstance(parsed, list):
        raise HTTPException(422, parsed)
    return parsed


@router.get("", response_model=list[BrandPublic], summary="所有劳务品牌")
def list_brands(session: SessionDep, _: StaffDep) -> list[BrandPublic]:
    return [public(b) for b in store.list_brands(session)]


@router.get("/{code}", response_model=BrandPublic, summary="一个劳务品牌")
def get_brand(code: str, session: SessionDep, _: StaffDep) -> BrandPublic:
    brand = store.get_brand(session, code=code)
    if brand is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这个品牌")
    return public(brand)


@router.post("", response_model=BrandPublic, status_code=status.HTTP_201_CREATED, summary="新建劳务品牌")
def create_brand(body: dict[str, Any], session: SessionDep, _: StaffDep) -> BrandPublic:
    spec = _checked(body)
    if store.get_brand(session, code=spec.code) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"品牌编码“{spec.code}”已存在")
    apply_catalogue(session, [spec], [])
    return get_brand(spec.code, session, _)


@router.patch("/{code}", response_model=BrandPublic, summary="修改劳务品牌（只传要改的字段）")
def update_brand(code: str, body: dict[str, Any], session: SessionDep, _: StaffDep) -> BrandPublic:
    brand = store.get_brand(session, code=code)
    if brand is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这个品牌")
    current = {field: getattr(brand, field) for field in BRAND_LABELS}
    spec = _checked({**current, **body, "code": code})
    apply_catalogue(session, [spec], [])
    return public(brand)
