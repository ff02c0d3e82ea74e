"""``laborbot ask`` and ``laborbot eval`` through typer's CliRunner, on the fixture topics."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from bot.cli.faq import register

FIXTURE = Path(__file__).parent / "data" / "intents_fixture_faq"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_ask_json_reads_stdin_and_writes_one_object_per_line() -> None:
    stdin = "培训补贴怎么领\n补贴\n驾照怎么考\n我要报名\n"
    result = CliRunner().invoke(_app(), ["ask", "--json", "--faq-dir", str(FIXTURE)], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["q"], r["kind"], r["topic"]) for r in rows] == [
        ("培训补贴怎么领", "answer", "training-subsidy"),
        ("补贴", "clarify", None),
        ("驾照怎么考", "fallback", None),
        ("我要报名", "flow", "enrol"),
    ]
    assert "依据：" in rows[0]["text"]
    assert rows[0]["score"] > 0.5


def test_ask_prints_the_reply() -> None:
    result = CliRunner().invoke(_app(), ["ask", "代款怎么申请", "--faq-dir", str(FIXTURE)])
    assert result.exit_code == 0
    assert "创业担保贷款" in result.output and "依据：" in result.output


def test_ask_with_baseline_engine() -> None:
    result = CliRunner().invoke(
        _app(), ["ask", "创业担保贷款怎么申请", "--engine", "bm25", "--faq-dir", str(FIXTURE)]
    )
    assert result.exit_code == 0
    assert "依据：" in result.output


def test_eval_prints_all_engines_side_by_side(tmp_path: Path) -> None:
    labelled = tmp_path / "dev.yaml"
    labelled.write_text(
        "- {q: 陪训补贴咋领, topic: training-subsidy}\n- {q: 房贷利率多少, topic: null}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(_app(), ["eval", str(labelled), "--faq-dir", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "default" in line and "bm25" in line)
    assert header.split() == ["default", "bm25", "fuzz"]
    assert "top-1 in scope" in result.output and "p99 latency ms" in result.output


def test_ask_json_shows_the_reply_the_flow_really_gives() -> None:
    import json

    from typer.testing import CliRunner

    from bot.cli import app

    result = CliRunner().invoke(app, ["ask", "--json"], input="我要报名\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["kind"] == "flow" and record["topic"] == "enrol"
    assert "回复序号" in record["text"] or "课程" in record["text"]
