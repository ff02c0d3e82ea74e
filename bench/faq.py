"""Latency of the policy Q&A: start-up, per question on the shipped content, and on 10,000 topics.

Run: .venv/bin/python bench/faq.py [--synthetic 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from content.faq import Topic, load_topics
from intents.engine import FaqEngine
from intents.evaluation import load_labelled
from intents.understand import understand

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "tests" / "data" / "faq_dev.yaml"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 of ``samples`` in the samples' unit."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def timed(run: Callable[[str], object], questions: Sequence[str], repeat: int = 3) -> list[float]:
    """Per-question wall time in ms, after one warm-up pass."""
    for q in questions:
        run(q)
    samples: list[float] = []
    for _ in range(repeat):
        for q in questions:
            started = time.perf_counter()
            run(q)
            samples.append(_ms(started))
    return samples


def synthetic_topics(count: int, seed: int = 0) -> list[Topic]:
    """``count`` plausible topics built from the domain vocabulary, for scale tests only."""
    from intents.lexicon import default_lexicon

    rng = random.Random(seed)
    words = default_lexicon().domain_words
    asks = ["怎么申请", "有什么条件", "是什么意思", "找谁办", "多少钱", "什么时候", "在哪里办", "有哪些规定"]
    topics = []
    for n in range(count):
        a, b, c = rng.sample(words, 3)
        topics.append(
            Topic(
                id=f"syn-{n}",
                title=f"{a}{b}{rng.choice(asks)}",
                phrasings=[
                    f"{rng.choice([a, b, c])}{rng.choice([a, b, c])}{rng.choice(asks)}" for _ in range(5)
                ],
                answer="synthetic",
                source="synthetic",
                keywords=[a, b, c],
            )
        )
    return topics


def _asker(engine: FaqEngine) -> Callable[[str], object]:
    return lambda question: understand(question, engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=10_000, help="number of synthetic topics")
    args = parser.parse_args()

    started = time.perf_counter()
    from intents.segment import shared_segmenter

    shared_segmenter()
    jieba_ms = _ms(started)
    started = time.perf_counter()
    topics = load_topics()
    load_ms = _ms(started)
    started = time.perf_counter()
    engine = FaqEngine.build(topics)
    build_ms = _ms(started)
    print(
        f"start-up: jieba {jieba_ms:.0f} ms, content load {load_ms:.0f} ms ({len(topics)} topics), "
        f"index build {build_ms:.0f} ms"
    )

    questions = [item.q for item in load_labelled(DEV_SET)] if DEV_SET.exists() else []
    questions += [p for t in topics for p in t.phrasings]
    for kind in ("default", "bm25", "fuzz"):
        faq = engine if kind == "default" else FaqEngine.build(topics, kind)
        p50, p99 = percentiles(timed(_asker(faq), questions))
        print(
            f"shipped content, {kind:>7}: p50 {p50:.3f} ms  p99 {p99:.3f} ms  ({len(questions)} questions x3)"
        )

    started = time.perf_counter()
    many = synthetic_topics(args.synthetic)
    big = FaqEngine.build(many)
    big_ms = _ms(started)
    rng = random.Random(1)
    probes = questions[:300] + [rng.choice(t.phrasings) for t in rng.sample(many, 300)]
    p50, p99 = percentiles(timed(lambda q: understand(q, big), probes))
    print(
        f"{len(many)} synthetic topics: build {big_ms:.0f} ms, p50 {p50:.3f} ms  p99 {p99:.3f} ms "
        f"({len(probes)} questions x3)"
    )


if __name__ == "__main__":
    main()
