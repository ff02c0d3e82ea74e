"""Repairs homophone typos (陪训→培训, 代款→贷款, 正书→证书) against the domain vocabulary via pinyin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Initials and finals that Shandong speakers and pinyin typists often confuse are folded together.
_FOLDS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ing", "in"), ("eng", "en"))
_MAX_LEN = 4
# A word the general dictionary has seen this often is real, not a typo to be cut through.
_REAL_WORD_FREQUENCY = 200


@lru_cache(maxsize=8192)
def char_sound(char: str) -> str:
    """Toneless, folded pinyin of one Han character ("" for anything else)."""
    if not "\u4e00" <= char <= "\u9fff":
        return ""
    sound = lazy_pinyin(char, style=Style.NORMAL)[0]
    for long, short in _FOLDS:
        sound = sound.replace(long, short)
    return sound


def sound_key(word: str) -> tuple[str, ...] | None:
    """The pinyin of a word as a tuple, or None if any character is not Han."""
    sounds = tuple(char_sound(c) for c in word)
    return None if "" in sounds else sounds


class TypoRepairer:
    """Replaces a span that sounds like a domain word, shares a character with it and is itself rare."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        *,
        frequency: Callable[[str], int],
        protected: Iterable[str] = (),
        cut: Callable[[str], list[str]] | None = None,
    ) -> None:
        self._known = {w for w in vocabulary if 2 <= len(w) <= _MAX_LEN}
        self._frequency = frequency
        self._protected = set(protected)
        self._cut = cut
        self._by_sound: dict[tuple[str, ...], list[str]] = {}
        for word in sorted(self._known):
            key = sound_key(word)
            if key is not None:
                self._by_sound.setdefault(key, []).append(word)

    def _candidate(self, span: str) -> str | None:
        if span in self._known or span in self._protected:
            return None
        key = sound_key(span)
        if key is None:
            return None
        best: str | None = None
        best_shared = 0
        for word in self._by_sound.get(key, ()):
            shared = sum(a == b for a, b in zip(word, span, strict=True))
            if shared > best_shared:
                best, best_shared = word, shared
        # A typo touches one character; a span sharing less with the word straddles other words
        # (正式名字 is not a misspelt 实名制).
        if best is None or best_shared < len(span) - 1:
            return None
        # A real word that is merely less common (机能 vs 技能) is left alone; rare spans are typos.
        seen = self._frequency(span)
        if seen > 10 and self._frequency(best) < 20 * seen:
            return None
        return best

    def _inside_real_words(self, text: str) -> set[int]:
        """Positions strictly inside a common real word (拖欠, 工钱): a repair must not start or end there.

        欠工 in 拖欠工钱 sounds like 钳工 but straddles two correct words; a genuine typo (陪训, 品排)
        is not a common word, so the segmenter leaves its boundaries free.
        """
        if self._cut is None:
            return set()
        inside: set[int] = set()
        start = 0
        for word in self._cut(text):
            end = start + len(word)
            if len(word) > 1 and word not in self._known and self._frequency(word) >= _REAL_WORD_FREQUENCY:
                inside.update(range(start + 1, end))
            start = end
        return inside

    def repair(self, text: str) -> str:
        """``text`` with typo spans replaced, longest domain word first, scanning left to right."""
        out: list[str] = []
        i, n = 0, len(text)
        inside = self._inside_real_words(text)
        while i < n:
            for length in range(min(_MAX_LEN, n - i), 1, -1):
                span = text[i : i + length]
                if span in self._known:
                    out.append(span)
                    i += length
                    break
                if i in inside or (i + length) in inside:
                    continue
                fixed = self._candidate(span)
                if fixed is not None:
                    out.append(fixed)
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
