"""What a running service holds once: settings, database, de-duplication, understanding, sender."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.gateway.dedup import DedupStore
from bot.services.understanding import Understander
from bot.settings import Settings
from bot.store.db import Database


@dataclass
class AppContext:
    settings: Settings
    db: Database
    dedup: DedupStore
    understander: Understander
    sender: Any = None  # bot.outbound.sender.OutboundSender once started

    def wake_sender(self) -> None:
        if self.sender is not None:
            self.sender.notify()
