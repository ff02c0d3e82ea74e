"""The reply a flow gives to a message, for ``laborbot ask``: the real router on a scratch database
(migrated, with the demo catalogue), so the command shows exactly what a new user would see."""

from __future__ import annotations

import itertools
import tempfile
import time
from functools import cached_property
from pathlib import Path

from bot.context import AppContext
from bot.gateway.inbound import Inbound


class FlowPreview:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._dir = tempfile.TemporaryDirectory(prefix="laborbot-ask-")

    @cached_property
    def ctx(self) -> AppContext:
        from bot.app import build_context
        from bot.services.training import load_demo_catalogue
        from bot.settings import Settings
        from bot.store.migrate import upgrade

        url = f"sqlite:///{Path(self._dir.name) / 'ask.db'}"
        upgrade(url)
        settings = Settings(_env_file=None, env="test", database_url=url,  # type: ignore[call-arg]
                            start_fake_wechat=False, simulator_enabled=False, scheduler_enabled=False)
        ctx = build_context(settings)
        load_demo_catalogue(ctx.db)
        return ctx

    def __call__(self, action: str, text: str) -> str:
        """A new user sends ``text``; return the passive reply."""
        from bot import router

        number = next(self._ids)
        inbound = Inbound(to_user="gh_ask", openid=f"ask_{number}", create_time=int(time.time()),
                          msg_type="text", msg_id=str(number), content=text)
        with self.ctx.db.session() as session:
            return router.handle(self.ctx, session, inbound) or ""

    def close(self) -> None:
        if "ctx" in self.__dict__:
            self.ctx.db.dispose()
        self._dir.cleanup()
