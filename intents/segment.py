"""One jieba segmenter per process, taught the domain's words, with jieba's own logging kept quiet."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)
_LOCK = threading.Lock()
_SHARED: Segmenter | None = None


class Segmenter:
    """Cuts standard-form Chinese into words; also knows how common a word is in general Chinese."""

    def __init__(self, words: Iterable[str]) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for word in words:
            if len(word) > 1:
                self._jieba.add_word(word, freq=max(self._jieba.FREQ.get(word, 0), 2000))
        self._log_total = math.log(self._jieba.total)

    def cut(self, text: str) -> list[str]:
        """Plain segmentation of one clause, no overlapping words."""
        return [w for w in self._jieba.cut(text, HMM=False) if w.strip()]

    def cut_for_search(self, text: str) -> list[str]:
        """Words plus the dictionary words inside them, so "培训补贴" also yields "培训" and "补贴"."""
        return [w for w in self._jieba.cut_for_search(text, HMM=False) if w.strip()]

    def frequency(self, word: str) -> int:
        """How often jieba's general dictionary has seen ``word`` (0 when unknown)."""
        return self._jieba.FREQ.get(word, 0) or 0

    def general_weight(self, word: str) -> float:
        """Inverse document frequency of ``word`` in general Chinese, as -log p (rare words weigh more)."""
        freq = self.frequency(word)
        if freq <= 0:
            # Unknown words are about as specific as the rarest known ones.
            return self._log_total - math.log(3) + 0.5 * max(0, len(word) - 2)
        return self._log_total - math.log(freq)


def shared_segmenter(words: Iterable[str] = ()) -> Segmenter:
    """The process-wide segmenter; jieba's dictionary is loaded the first time only."""
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            from intents.lexicon import default_lexicon

            lexicon = default_lexicon()
            # Out-of-scope terms are cut whole too, so 高龄补贴 is seen as one foreign subject.
            vocabulary = [
                *lexicon.domain_words,
                *lexicon.synonyms,
                *lexicon.synonyms.values(),
                *lexicon.out_of_scope,
                *words,
            ]
            _SHARED = Segmenter(vocabulary)
        return _SHARED
