"""``laborbot ask`` and ``laborbot eval``: the policy Q&A from the command line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from content.faq import FAQ_DIR, load_topics
from intents.engine import ENGINE_KINDS, EngineKind, FaqEngine
from intents.evaluation import EvalReport, evaluate, load_labelled
from intents.render import FlowReply, render_reply
from intents.understand import understand

EngineOption = Annotated[str, typer.Option("--engine", help="default | bm25 | fuzz")]
FaqDirOption = Annotated[Path, typer.Option("--faq-dir", help="folder of FAQ topic YAML files")]


def _engine(kind: str, faq_dir: Path) -> FaqEngine:
    if kind not in ENGINE_KINDS:
        raise typer.BadParameter(f"engine must be one of {', '.join(ENGINE_KINDS)}")
    kind_checked: EngineKind = kind
    return FaqEngine.build(load_topics(faq_dir), kind_checked)


def answer_line(question: str, engine: FaqEngine, flow_reply: FlowReply | None = None) -> dict[str, object]:
    """The JSON record ``ask --json`` prints for one question."""
    result = understand(question, engine)
    reply = render_reply(result, question, engine.by_id, flow_reply=flow_reply)
    return {
        "q": question,
        "kind": reply.kind,
        "topic": reply.topic,
        "text": reply.text,
        "score": result.score,
    }


def ask(
    question: Annotated[
        str | None, typer.Argument(help="the question; omit with --json to read stdin")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="one question per stdin line, JSON lines out")
    ] = False,
    engine: EngineOption = "default",
    faq_dir: FaqDirOption = FAQ_DIR,
) -> None:
    """Print the reply a WeChat user would get (an action shows the reply its flow really gives)."""
    from bot.services.flow_preview import FlowPreview

    faq = _engine(engine, faq_dir)
    preview = FlowPreview()
    try:
        if as_json:
            lines = [question] if question else (line.strip() for line in sys.stdin)
            for line in lines:
                if line:
                    typer.echo(json.dumps(answer_line(line, faq, preview), ensure_ascii=False))
            return
        if not question:
            raise typer.BadParameter("give a question, or use --json and stdin")
        result = understand(question, faq)
        typer.echo(render_reply(result, question, faq.by_id, flow_reply=preview).text)
    finally:
        preview.close()


def _table(reports: list[EvalReport]) -> str:
    head = f"{'':<22}" + "".join(f"{r.kind:>12}" for r in reports)
    rows = [
        ("top-1 in scope", lambda r: f"{r.accuracy:.1%}"),
        ("out of scope refused", lambda r: f"{r.refusal_rate:.1%}"),
        ("clarify rate", lambda r: f"{r.clarify_rate:.1%}"),
        ("routed to a flow", lambda r: f"{r.flows}"),
        ("p50 latency ms", lambda r: f"{r.percentile_ms(50):.2f}"),
        ("p99 latency ms", lambda r: f"{r.percentile_ms(99):.2f}"),
    ]
    lines = [head]
    lines += [f"{label:<22}" + "".join(f"{fmt(r):>12}" for r in reports) for label, fmt in rows]
    return "\n".join(lines)


def eval_command(
    file: Annotated[Path, typer.Argument(help="YAML list of {q, topic}; topic null = out of scope")],
    faq_dir: FaqDirOption = FAQ_DIR,
    mistakes: Annotated[bool, typer.Option("--mistakes", help="list every wrong reply")] = False,
) -> None:
    """Compare the default engine with the BM25 and fuzzy baselines on a labelled set."""
    questions = load_labelled(file)
    topics = load_topics(faq_dir)
    reports: list[EvalReport] = []
    for kind in ENGINE_KINDS:
        started = time.perf_counter()
        engine = FaqEngine.build(topics, kind)
        built = (time.perf_counter() - started) * 1000
        reports.append(evaluate(engine, questions))
        typer.echo(f"{kind}: index built in {built:.0f} ms")
    in_scope = reports[0].in_scope
    typer.echo(
        f"\n{len(questions)} questions ({in_scope} in scope, {len(questions) - in_scope} out of scope)\n"
    )
    typer.echo(_table(reports))
    for report in reports:
        typer.echo(f"\nerrors by topic ({report.kind}): ")
        typer.echo(", ".join(f"{topic} {n}" for topic, n in report.errors.most_common()) or "none")
    if mistakes:
        typer.echo(f"\nwrong replies ({reports[0].kind}):")
        for q, expected, got in reports[0].mistakes:
            shown = got.topic_id or got.action or ",".join(got.candidates)
            typer.echo(f"  {q}  want={expected}  got={got.kind}:{shown}  score={got.score:.3f}")


def register(app: typer.Typer) -> None:
    """Add ``ask`` and ``eval`` to the ``laborbot`` command."""
    app.command("ask")(ask)
    app.command("eval")(eval_command)
