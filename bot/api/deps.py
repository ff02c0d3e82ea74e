"""Dependencies of the staff API: the context, a database session, and the staff bearer token."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from bot.context import AppContext

_bearer = HTTPBearer(auto_error=False, description="工作人员令牌（API_TOKEN）")


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def require_staff(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    """Return the actor name for audit records; 401 without the right token."""
    expected = get_ctx(request).settings.api_token.get_secret_value()
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "需要有效的工作人员令牌", {"WWW-Authenticate": "Bearer"}
        )
    return staff_name(request.headers.get("X-Staff-Name", ""))


def staff_name(raw: str) -> str:
    """The X-Staff-Name header as staff typed it: HTTP carries UTF-8 bytes that arrive read as Latin-1,
    or a percent-encoded name ("%E5%88%98")."""
    from urllib.parse import unquote

    try:
        name = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        name = raw
    return unquote(name).strip()[:64] or "staff"


def get_session(request: Request) -> Iterator[Session]:
    with get_ctx(request).db.session() as session:
        yield session


# Bounded paging and ids: beyond these a database raises (SQLite INTEGER, negative OFFSET).
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="跳过多少条")]
Limit = Annotated[int, Query(ge=1, le=1000, description="最多返回多少条")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="编号")]

CtxDep = Annotated[AppContext, Depends(get_ctx)]
SessionDep = Annotated[Session, Depends(get_session)]
StaffDep = Annotated[str, Depends(require_staff)]
