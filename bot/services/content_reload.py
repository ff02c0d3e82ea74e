"""Content reloads without a restart: when a file under ``content/data`` changes, validate it all and
swap it in; a bad file leaves the old content in force and the problem is logged for staff."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.context import AppContext
from content.check import check_all

log = logging.getLogger("laborbot.content")
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "content" / "data"

_last_seen: dict[int, float] = {}


def fingerprint() -> float:
    """The newest modification time of any content file."""
    return max((p.stat().st_mtime for p in DATA_DIR.rglob("*") if p.is_file()), default=0.0)


def reload_content(ctx: AppContext) -> tuple[bool, list[str]]:
    """Validate everything, then swap in the new content. Returns (reloaded, problems)."""
    problems = [f"{area}：{p}" for area, items in check_all().items() for p in items]
    if problems:
        log.error("content not reloaded", extra={"problems": problems})
        return False, problems
    from bot.events import click_actions
    from content.messages import reload as reload_messages

    reload_messages()
    click_actions.cache_clear()
    reload = getattr(ctx.understander, "reload", None)
    if reload is not None:
        reload()
    log.info("content reloaded")
    return True, []


def reload_if_changed(ctx: AppContext) -> None:
    """Scheduled every few seconds in each process (content is per process)."""
    current = fingerprint()
    seen = _last_seen.setdefault(id(ctx), current)
    if current > seen:
        _last_seen[id(ctx)] = current
        reload_content(ctx)
