"""Precomputed sparse structures for fast scoring of short texts against many topics."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


def char_grams(text: str) -> list[str]:
    """Character unigrams and bigrams of each clause (clauses are separated by spaces)."""
    grams: list[str] = []
    for clause in text.split():
        grams.extend(clause)
        grams.extend(clause[i : i + 2] for i in range(len(clause) - 1))
    return grams


def topic_idf(df: int, n_topics: int) -> float:
    """BM25-style inverse document frequency counted over topics, never negative."""
    return math.log(1.0 + (n_topics - df + 0.5) / (df + 0.5))


class SparseCosineIndex:
    """TF-IDF vectors of short documents grouped by topic; a query gets each topic's best cosine."""

    def __init__(
        self, documents: Sequence[Sequence[str]], topic_of_doc: Sequence[int], n_topics: int
    ) -> None:
        order = np.argsort(np.asarray(topic_of_doc), kind="stable")
        docs = [documents[i] for i in order]
        topics = np.asarray(topic_of_doc, dtype=np.int32)[order]
        if len(set(topics.tolist())) != n_topics:
            raise ValueError("every topic needs at least one document")
        self.n_topics = n_topics
        self.n_docs = len(docs)
        self.topic_starts = np.flatnonzero(np.r_[True, topics[1:] != topics[:-1]]).astype(np.intp)
        df: Counter[str] = Counter()
        for topic in range(n_topics):
            df.update({t for i in range(self.topic_starts[topic], self._topic_end(topic)) for t in docs[i]})
        self.idf = {term: topic_idf(count, n_topics) for term, count in df.items()}
        self.unseen_idf = topic_idf(0, n_topics)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for doc_id, doc in enumerate(docs):
            for term, weight in self.vector(doc).items():
                ids, weights = postings.setdefault(term, ([], []))
                ids.append(doc_id)
                weights.append(weight)
        self.postings = {
            t: (np.asarray(ids, dtype=np.int32), np.asarray(ws, dtype=np.float32))
            for t, (ids, ws) in postings.items()
        }

    def _topic_end(self, topic: int) -> int:
        return int(self.topic_starts[topic + 1]) if topic + 1 < self.n_topics else self.n_docs

    def vector(self, terms: Sequence[str]) -> dict[str, float]:
        """Unit-length TF-IDF weights of the terms the index knows.

        Terms no topic uses still count in the length, as the rarest kind of term: a question that is
        mostly about something else must not look like a perfect match for the one word it shares.
        """
        counts = Counter(terms)
        weights = {t: (1.0 + math.log(c)) * self.idf.get(t, self.unseen_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items() if t in self.idf} if norm else {}

    def best_per_topic(self, terms: Sequence[str]) -> FloatArray:
        """For every topic, the cosine similarity of its closest document to ``terms``."""
        scores = np.zeros(self.n_docs, dtype=np.float32)
        for term, weight in self.vector(terms).items():
            ids, weights = self.postings[term]
            scores[ids] += weight * weights
        return np.maximum.reduceat(scores, self.topic_starts)


class TermPresence:
    """Which topics mention which terms, to measure how much of a question a topic covers."""

    def __init__(self, topic_terms: Sequence[set[str]]) -> None:
        self.n_topics = len(topic_terms)
        members: dict[str, list[int]] = {}
        for topic, terms in enumerate(topic_terms):
            for term in terms:
                members.setdefault(term, []).append(topic)
        self.members = {t: np.asarray(ids, dtype=np.int32) for t, ids in members.items()}

    def indicator(self, term: str) -> FloatArray:
        """1.0 for every topic that mentions ``term``, else 0.0."""
        flags = np.zeros(self.n_topics, dtype=np.float32)
        ids = self.members.get(term)
        if ids is not None:
            flags[ids] = 1.0
        return flags
