"""The text pipeline shared by content and questions: normalise, repair typos, segment, map synonyms."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from intents.lexicon import Lexicon, default_lexicon
from intents.normalize import Normalizer
from intents.segment import Segmenter, shared_segmenter
from intents.typos import TypoRepairer

_UNIT_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Unit:
    """One word of the question in its canonical form, with the shorter dictionary words inside it."""

    word: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """One text at every stage; ``terms`` are what retrieval compares, ``units`` what coverage counts."""

    text: str
    clauses: tuple[str, ...]
    words: tuple[str, ...]
    units: tuple[Unit, ...]
    terms: tuple[str, ...]
    modifiers: tuple[Unit, ...] = ()

    @property
    def compact(self) -> str:
        """The repaired text without clause breaks, for character-level comparison."""
        return "".join(self.clauses)


class Analyzer:
    """Turns raw text into an :class:`Analysis`; content and questions go through the same steps."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        segmenter: Segmenter | None = None,
        extra_vocabulary: Iterable[str] = (),
        repair: bool = True,
        synonyms: bool = True,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.segmenter = segmenter or shared_segmenter()
        self.normalizer = Normalizer.from_data(self.lexicon.normalization)
        self.synonyms = dict(self.lexicon.synonyms) if synonyms else {}
        self.light_words = frozenset(self.lexicon.normalization.light_words)
        self.heads = frozenset(self.synonyms.get(h, h) for h in self.lexicon.compound_heads)
        self.repairer: TypoRepairer | None = None
        if repair:
            vocabulary = [
                *self.lexicon.domain_words,
                *self.lexicon.synonyms.values(),
                *extra_vocabulary,
            ]
            self.repairer = TypoRepairer(
                vocabulary,
                frequency=self.segmenter.frequency,
                protected=self.lexicon.out_of_scope,
                cut=self.segmenter.cut,
            )
        self._units: dict[str, Unit] = {}

    def _unit(self, word: str) -> Unit:
        """A word's synonym target plus the dictionary words inside it, so both grains match."""
        cached = self._units.get(word)
        if cached is None:
            target = self.synonyms.get(word, word)
            inner = (
                [w for w in self.segmenter.cut_for_search(target) if w != target] if len(target) > 2 else []
            )
            parts = dict.fromkeys(self.synonyms.get(w, w) for w in inner)
            parts.pop(target, None)
            cached = Unit(target, tuple(p for p in parts if p not in self.light_words))
            if len(self._units) >= _UNIT_CACHE_LIMIT:
                self._units.clear()  # random input must not grow memory without bound
            self._units[word] = cached
        return cached

    def analyse(self, raw: str) -> Analysis:
        """Every stage of ``raw``; light words (我, 怎么, 吗…) are left out of ``units`` and ``terms``."""
        clauses = self.normalizer.clauses(raw)
        text = " ".join(clauses)
        if self.repairer is not None:
            clauses = [self.repairer.repair(c) for c in clauses]
        cut = [self.segmenter.cut(clause) for clause in clauses]
        words = [w for clause_words in cut for w in clause_words]
        units = [
            unit
            for w in words
            if w not in self.light_words and (unit := self._unit(w)).word not in self.light_words
        ]
        terms = [t for unit in units for t in (unit.word, *unit.parts)]
        return Analysis(
            text=text,
            clauses=tuple(clauses),
            words=tuple(words),
            units=tuple(units),
            terms=tuple(terms),
            modifiers=tuple(self._modifiers(cut)),
        )

    def _modifiers(self, cut: list[list[str]]) -> list[Unit]:
        """Words right before a compound head (育儿 in 育儿补贴): they say which subsidy is meant."""
        found: list[Unit] = []
        for words in cut:
            for before, head in itertools.pairwise(words):
                unit = self._unit(before)
                if (
                    len(before) > 1
                    and self._unit(head).word in self.heads
                    and unit.word not in self.heads
                    and unit.word not in self.light_words
                    and before not in self.light_words
                ):
                    found.append(unit)
        return found
