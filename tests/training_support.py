"""Shared by the training tests: the demo catalogue, the clock on 2026-11-26, a keyword understander."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from bot import clock
from bot.services.understanding import Understood

TODAY = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Shandong
# Valid (checksum-correct) ID numbers of adults, made up for the tests.
ID_A = "11010519491231002X"
ID_B = "370102199003071238"


def valid_id(prefix17: str) -> str:
    """Complete 17 digits with the right check digit (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(prefix17, weights, strict=True))
    return prefix17 + "10X98765432"[total % 11]


def travel_to_today() -> None:
    clock.reset()
    clock.travel(TODAY - clock.now())


class KeywordUnderstander:
    """Until the intents engine is wired: the phrases these tests use, mapped to their actions."""

    RULES = (
        ("删除我的信息|删除我的资料", "delete_data"),
        ("我的报名|我的信息|取消报名|改手机号|改姓名|改地区", "my_status"),
        ("劳务品牌", "brands"),
        ("报名", "enrol"),
        ("培训|开班|学|课", "courses"),
    )

    def understand(self, text: str) -> Understood:
        for pattern, action in self.RULES:
            if re.search(pattern, text):
                return Understood("action", action=action)
        return self.fallback()

    def answer(self, topic_id: str) -> Understood:
        return self.fallback()

    def fallback(self) -> Understood:
        return Understood("fallback", "这个问题我暂时回答不了。")


def prepare(client: TestClient) -> None:
    """Demo catalogue in the database, the keyword understander, today = 2026-11-26."""
    from bot.services.training import load_demo_catalogue

    travel_to_today()
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    ctx.understander = KeywordUnderstander()
    load_demo_catalogue(ctx.db)
