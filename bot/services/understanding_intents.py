"""``Understander`` backed by the ``intents`` package (normalise → actions → FAQ retrieval → fallback)."""

from __future__ import annotations

from bot.services.understanding import Understood


class IntentsUnderstander:
    """Temporary: until the retrieval engine lands, everything is an honest fallback."""

    @classmethod
    def load(cls) -> IntentsUnderstander:
        return cls()

    def understand(self, text: str) -> Understood:
        return self.fallback()

    def answer(self, topic_id: str) -> Understood:
        return self.fallback()

    def fallback(self) -> Understood:
        return Understood("fallback", "这个问题我暂时回答不了。回复“转人工”由工作人员解答，或拨打12333人社服务热线。")
