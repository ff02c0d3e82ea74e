"""``Understander`` backed by the ``intents`` package: normalise → actions → FAQ retrieval → fallback.

The engine is built once per process (jieba, content and indexes); ``reload`` swaps in an engine
built from edited content only if that content validates, so bad files leave the old one in force.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from bot.services.understanding import Understood
from content.faq import Topic, check_topics, load_topics
from intents.engine import FaqEngine
from intents.lexicon import default_lexicon
from intents.render import render_answer, render_clarify, render_fallback
from intents.understand import Understanding, understand


class ContentRejected(ValueError):
    """Edited content failed validation; the message lists every problem."""


_shared: IntentsUnderstander | None = None


class IntentsUnderstander:
    def __init__(self, topics: list[Topic]) -> None:
        self._lock = threading.Lock()
        self._install(topics)

    @classmethod
    def load(cls) -> IntentsUnderstander:
        """One engine per process: building it loads jieba and indexes the content (about a second)."""
        global _shared
        if _shared is None:
            _shared = cls(load_topics())
        return _shared

    def _install(self, topics: list[Topic]) -> None:
        engine = FaqEngine.build(topics)
        with self._lock:
            self.engine = engine
            self.by_id = engine.by_id
            # Popular questions (and every menu button) arrive word for word again and again.
            self._cached = lru_cache(maxsize=4096)(self._understand)

    def reload(self) -> int:
        """Re-read the content; raise ``ContentRejected`` (keeping the old content) if it is invalid."""
        try:
            topics = load_topics()
        except Exception as exc:  # YAML or schema errors name the file and field
            raise ContentRejected(f"内容文件无法读取：{exc}") from None
        problems = check_topics(topics)
        if problems:
            raise ContentRejected("内容有误，已保留原内容：\n" + "\n".join(problems))
        self._install(topics)
        return len(topics)

    def understand(self, text: str) -> Understood:
        return self._cached(text)

    def _understand(self, text: str) -> Understood:
        return self._render(understand(text, self.engine))

    def answer(self, topic_id: str) -> Understood:
        return self._render(Understanding(kind="answer", topic_id=topic_id, candidates=[topic_id], score=1.0))

    def fallback(self) -> Understood:
        return Understood("fallback", render_fallback(default_lexicon().replies))

    def _render(self, u: Understanding) -> Understood:
        replies = default_lexicon().replies
        if u.kind == "action":
            return Understood("action", action=u.action, score=u.score)
        if u.kind == "answer" and u.topic_id in self.by_id:
            topic = self.by_id[u.topic_id]
            return Understood(
                "answer",
                render_answer(topic, self.by_id, replies),
                topic_id=topic.id,
                candidates=(topic.id,),
                score=u.score,
            )
        choices = [self.by_id[c] for c in u.candidates if c in self.by_id]
        if u.kind == "clarify" and choices:
            return Understood(
                "clarify",
                render_clarify(choices, replies),
                candidates=tuple(c.id for c in choices),
                score=u.score,
            )
        return Understood("fallback", render_fallback(replies), score=u.score)
