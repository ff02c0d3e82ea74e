"""The scheduler, behind one small module: jobs take plain ids, open their own session, and are
safe to run twice (several processes may each run a scheduler).

Capabilities add jobs to ``JOBS`` as (module:function, trigger kwargs); each function takes the
``AppContext`` only.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot.context import AppContext

log = logging.getLogger("laborbot.scheduler")

JOBS: list[tuple[str, dict[str, Any]]] = [
    ("bot.scheduler:prune_dedup", {"trigger": "interval", "hours": 1}),
    ("bot.services.content_reload:reload_if_changed", {"trigger": "interval", "seconds": 5}),
    ("bot.jobs_employment:expire_vacancies", {"trigger": "interval", "hours": 1}),
    ("bot.jobs_employment:push_matches", {"trigger": "interval", "minutes": 10}),
]


def prune_dedup(ctx: AppContext) -> None:
    """Forget de-duplication keys WeChat can no longer retry."""
    from bot.gateway.dedup import prune

    with ctx.db.session() as session:
        prune(session)


def resolve(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def run_job(target: str, ctx: AppContext) -> None:
    """The one callback the scheduler calls; also what ``laborbot jobs run`` and the tests call."""
    try:
        resolve(target)(ctx)
    except Exception:
        log.exception("job failed", extra={"job": target})
        raise


def start_scheduler(ctx: AppContext) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="Asia/Shanghai")
    for target, trigger in JOBS:
        scheduler.add_job(run_job, args=[target, ctx], id=target, replace_existing=True, coalesce=True,
                          max_instances=1, **trigger)
    scheduler.start()
    return scheduler
