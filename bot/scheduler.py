"""The scheduler, behind one small module: jobs take plain ids, open their own session, and are
safe to run twice (several processes may each run a scheduler)."""

from __future__ import annotations

import logging
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("laborbot.scheduler")

_ctx: Any = None


def prune_dedup() -> None:
    """Forget de-duplication keys WeChat can no longer retry."""
    from bot.gateway.dedup import DatabaseDedup

    if isinstance(_ctx.dedup, DatabaseDedup):
        _ctx.dedup.prune()


def start_scheduler(ctx: Any) -> BackgroundScheduler:
    global _ctx
    _ctx = ctx
    scheduler = BackgroundScheduler(timezone="Asia/Shanghai")
    scheduler.add_job(prune_dedup, "interval", hours=1, id="prune_dedup", replace_existing=True,
                      coalesce=True, max_instances=1)
    scheduler.start()
    return scheduler
