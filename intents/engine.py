"""FAQ retrieval: which topics a question is about, with a score the decision layer can trust."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

from content.faq import Topic
from intents.analyzer import Analysis, Analyzer, Unit
from intents.index import FloatArray, SparseCosineIndex, TermPresence, char_grams
from intents.lexicon import Lexicon, default_lexicon

EngineKind = Literal["default", "bm25", "fuzz"]
ENGINE_KINDS: tuple[EngineKind, ...] = ("default", "bm25", "fuzz")
# A topic that does not mention an out-of-scope word the question uses keeps this share of its score.
OUT_OF_SCOPE_FACTOR = 0.2
# A topic that does not mention the word qualifying a compound head (育儿 in 育儿补贴) keeps this share.
FOREIGN_MODIFIER_FACTOR = 0.5
# Single characters say less than words; the character n-gram signal already covers them.
SINGLE_CHAR_DAMPING = 0.5
# "X是什么 / 什么叫X": the one topic whose title or keywords name exactly X leads the others by this much.
DEFINITION_BONUS = 0.12
# A definitional question: the subject sits right before these (after 啥→什么 normalisation)...
_DEFINITION_AFTER = re.compile(
    r"(?:到底|究竟|说的|就)?(?:是什么意思|什么意思|是个什么|是什么|指的是什么|指的什么|指什么|是做什么的)"
)
# ...or right after these.
_DEFINITION_BEFORE = re.compile(r"什么叫|什么是|何为")
# Title words that ask rather than name: such a title does not name its subject as a whole.
_ASKING = re.compile(r"什么|哪|怎么|多少|吗|谁|要不要|如何|为何")


@dataclass(frozen=True, slots=True)
class Hit:
    """A topic and how well it matches, roughly in [0, 1]."""

    topic_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a score is good enough to answer, to offer choices, or neither (Rasa-style fallback)."""

    answer: float
    margin: float
    clarify: float


def topic_texts(topic: Topic) -> list[str]:
    """The texts that describe what a topic is about: title, phrasings and keywords."""
    return [topic.title, *topic.phrasings, *topic.keywords]


class FaqEngine(ABC):
    """Common shape of every retrieval engine; build one with :meth:`FaqEngine.build`."""

    kind: EngineKind
    thresholds: Thresholds

    def __init__(self, topics: Sequence[Topic], analyzer: Analyzer) -> None:
        if not topics:
            raise ValueError("no FAQ topics to search")
        self.topics = list(topics)
        self.by_id = {t.id: t for t in self.topics}
        self.analyzer = analyzer
        self.out_of_scope = frozenset(analyzer.lexicon.out_of_scope)
        self.everyday = tuple(re.compile(p) for p in analyzer.lexicon.out_of_scope_patterns)
        self._scope_text = [" ".join(self.analyzer.analyse(s).text for s in topic_texts(t)) for t in topics]

    @staticmethod
    def build(
        topics: Sequence[Topic], kind: EngineKind = "default", *, lexicon: Lexicon | None = None
    ) -> FaqEngine:
        """Index ``topics`` once; searching afterwards does no parsing of the content."""
        lexicon = lexicon or default_lexicon()
        if kind == "default":
            return HybridEngine(topics, lexicon)
        if kind == "bm25":
            return Bm25Engine(topics, lexicon)
        if kind == "fuzz":
            return FuzzEngine(topics, lexicon)
        raise ValueError(f"unknown engine kind {kind!r}")

    def analyse(self, text: str) -> Analysis:
        """The question as this engine sees it."""
        return self.analyzer.analyse(text)

    def out_of_scope_terms(self, analysis: Analysis) -> set[str]:
        """Out-of-scope words (天气, 房贷, 驾照…) the question uses."""
        return {t for t in (*analysis.words, *analysis.terms) if t in self.out_of_scope}

    def is_everyday_matter(self, analysis: Analysis) -> bool:
        """Whether the question is an everyday errand (查快递, 补办身份证) that merely shares FAQ words."""
        return any(p.search(analysis.text) for p in self.everyday)

    def search(self, text: str, k: int = 3) -> list[Hit]:
        """The ``k`` best topics for ``text``, best first."""
        return self.search_analysis(self.analyse(text), k)

    def search_analysis(self, analysis: Analysis, k: int = 3) -> list[Hit]:
        """Like :meth:`search` for an already analysed question."""
        scores = self._candidates(analysis)
        foreign = self.out_of_scope_terms(analysis)
        everyday = self.is_everyday_matter(analysis)
        for topic in scores:
            if everyday:
                scores[topic] *= OUT_OF_SCOPE_FACTOR
            scope = self._scope_text[topic]
            if any(term not in scope for term in foreign):
                scores[topic] *= OUT_OF_SCOPE_FACTOR
            if any(not self._mentions(scope, unit) for unit in analysis.modifiers):
                scores[topic] *= FOREIGN_MODIFIER_FACTOR
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [Hit(self.topics[i].id, round(float(s), 4)) for i, s in best if s > 0]

    @staticmethod
    def _mentions(scope: str, unit: Unit) -> bool:
        return unit.word in scope or any(part in scope for part in unit.parts)

    @abstractmethod
    def _candidates(self, analysis: Analysis) -> dict[int, float]:
        """Scores of the most promising topics, by topic position."""


def _top(scores: FloatArray, n: int) -> list[int]:
    if len(scores) <= n:
        return list(range(len(scores)))
    return [int(i) for i in np.argpartition(-scores, n)[:n]]


class HybridEngine(FaqEngine):
    """Word TF-IDF + character n-grams + term coverage, re-ranked with rapidfuzz on the short list."""

    kind: EngineKind = "default"
    thresholds = Thresholds(answer=0.36, margin=0.07, clarify=0.25)
    weights: ClassVar[dict[str, float]] = {"words": 0.3, "chars": 0.2, "coverage": 0.35, "fuzz": 0.15}
    shortlist = 20

    def __init__(self, topics: Sequence[Topic], lexicon: Lexicon) -> None:
        extra = [k for t in topics for k in t.keywords]
        super().__init__(topics, Analyzer(lexicon, extra_vocabulary=extra))
        docs: list[Analysis] = []
        owner: list[int] = []
        for position, topic in enumerate(self.topics):
            for text in topic_texts(topic):
                docs.append(self.analyzer.analyse(text))
                owner.append(position)
        self.words = SparseCosineIndex([d.terms for d in docs], owner, len(self.topics))
        self.chars = SparseCosineIndex(
            [char_grams(" ".join(d.clauses)) for d in docs], owner, len(self.topics)
        )
        vocab: list[set[str]] = [set() for _ in self.topics]
        self._phrasings: list[list[str]] = [[] for _ in self.topics]
        for doc, position in zip(docs, owner, strict=True):
            vocab[position].update(doc.terms)
            self._phrasings[position].append(doc.compact)
        self.presence = TermPresence(vocab)
        self._definienda = self._names(self.topics)

    def _names(self, topics: Sequence[Topic]) -> dict[str, set[int]]:
        """What each topic names: its title's subject ("什么是X", or a bare noun phrase) and keywords."""
        names: dict[str, set[int]] = {}
        for position, topic in enumerate(topics):
            title = re.sub(r"[（(].*?[)）]", "", topic.title)
            if title.startswith("什么是"):
                title = title[len("什么是") :]
            elif _ASKING.search(title):
                title = ""
            for name in [*re.split(r"[、及]", title), *topic.keywords]:
                compact = self.analyzer.analyse(name).compact if name else ""
                if len(compact) >= 2:
                    names.setdefault(compact, set()).add(position)
        return names

    def defined_topic(self, analysis: Analysis) -> int | None:
        """The topic a "what is X" question is about: the only one naming the longest X next to the cue."""
        text = analysis.compact
        spans: list[str] = []
        for match in _DEFINITION_AFTER.finditer(text):
            before = text[: match.start()]
            spans.extend(before[i:] for i in range(len(before)))
        for match in _DEFINITION_BEFORE.finditer(text):
            after = text[match.end() :]
            spans.extend(after[:i] for i in range(len(after), 0, -1))
        named = [s for s in spans if s in self._definienda]
        if not named:
            return None
        owners = self._definienda[max(named, key=len)]
        return next(iter(owners)) if len(owners) == 1 else None

    def unit_weight(self, word: str) -> float:
        """How much a question word matters: rare words in general Chinese matter most."""
        segmenter = self.analyzer.segmenter
        weight = segmenter.general_weight(word)
        if len(word) == 1:
            return SINGLE_CHAR_DAMPING * weight
        if segmenter.frequency(word) == 0:
            # An unseen compound (签合同) weighs no more than its rarest known part.
            parts = [segmenter.general_weight(p) for p in segmenter.cut_for_search(word) if p != word]
            return max(parts, default=weight)
        return weight

    def coverage(self, analysis: Analysis) -> FloatArray:
        """Share of the question's weight each topic mentions; a word counts if it or its parts appear."""
        covered = np.zeros(len(self.topics), dtype=np.float32)
        total = 0.0
        for unit in dict.fromkeys(analysis.units):
            weight = self.unit_weight(unit.word)
            total += weight
            whole = self.presence.indicator(unit.word)
            if unit.parts:
                part_weights = [self.unit_weight(p) for p in unit.parts]
                share = sum(
                    w * self.presence.indicator(p) for w, p in zip(part_weights, unit.parts, strict=True)
                )
                whole = np.maximum(whole, share / sum(part_weights))
            covered += weight * whole
        return covered / np.float32(total) if total else covered

    def _candidates(self, analysis: Analysis) -> dict[int, float]:
        if not analysis.terms:
            return {}
        w = self.weights
        base = (
            w["words"] * self.words.best_per_topic(analysis.terms)
            + w["chars"] * self.chars.best_per_topic(char_grams(" ".join(analysis.clauses)))
            + w["coverage"] * self.coverage(analysis)
        )
        query = analysis.compact
        out: dict[int, float] = {}
        for topic in _top(base, self.shortlist):
            if base[topic] <= 0:
                continue
            closeness = max(fuzz.ratio(query, p) for p in self._phrasings[topic]) / 100.0
            out[topic] = float(base[topic]) + w["fuzz"] * closeness
        defined = self.defined_topic(analysis)
        if defined is not None:
            closeness = max(fuzz.ratio(query, p) for p in self._phrasings[defined]) / 100.0
            own = out.get(defined, float(base[defined]) + w["fuzz"] * closeness)
            # The question names this topic's subject: it leads whatever merely shares the cue words.
            out[defined] = max(own, *out.values()) + DEFINITION_BONUS
        return out


class Bm25Engine(FaqEngine):
    """Baseline: rank_bm25's BM25Okapi over jieba words, one document per topic, no synonyms or repair."""

    kind: EngineKind = "bm25"
    thresholds = Thresholds(answer=0.5, margin=0.1, clarify=0.3)

    def __init__(self, topics: Sequence[Topic], lexicon: Lexicon) -> None:
        super().__init__(topics, Analyzer(lexicon, repair=False, synonyms=False))
        corpus = [[t for s in topic_texts(topic) for t in self.analyzer.analyse(s).terms] for topic in topics]
        self.bm25 = BM25Okapi(corpus)
        self._mean_idf = float(np.mean(list(self.bm25.idf.values())))

    def _candidates(self, analysis: Analysis) -> dict[int, float]:
        terms = list(dict.fromkeys(analysis.terms))
        if not terms:
            return {}
        raw = self.bm25.get_scores(terms)
        # Normalised by what a topic mentioning each term once, at average length, would score.
        ceiling = sum(max(self.bm25.idf.get(t, self._mean_idf), 0.0) for t in terms)
        scores = np.clip(raw / ceiling, 0.0, 1.0) if ceiling > 0 else np.zeros_like(raw)
        return {i: float(scores[i]) for i in _top(scores, 20) if scores[i] > 0}


class FuzzEngine(FaqEngine):
    """Baseline: rapidfuzz ``fuzz.ratio`` against every phrasing, best per topic."""

    kind: EngineKind = "fuzz"
    thresholds = Thresholds(answer=0.6, margin=0.05, clarify=0.45)

    def __init__(self, topics: Sequence[Topic], lexicon: Lexicon) -> None:
        super().__init__(topics, Analyzer(lexicon, repair=False, synonyms=False))
        self._choices: list[str] = []
        owner: list[int] = []
        for position, topic in enumerate(self.topics):
            for text in [topic.title, *topic.phrasings]:
                self._choices.append(self.analyzer.analyse(text).compact)
                owner.append(position)
        self._owner = np.asarray(owner, dtype=np.intp)

    def _candidates(self, analysis: Analysis) -> dict[int, float]:
        if not analysis.compact:
            return {}
        ratios = process.cdist([analysis.compact], self._choices, scorer=fuzz.ratio, dtype=np.float32)[0]
        best = np.zeros(len(self.topics), dtype=np.float32)
        np.maximum.at(best, self._owner, ratios / 100.0)
        return {i: float(best[i]) for i in _top(best, 20) if best[i] > 0}
