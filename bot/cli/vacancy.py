"""``laborbot parse-vacancy``: parse vacancy messages from stdin, one per line."""

from __future__ import annotations

import json
import sys

import typer

from intents.vacancy import parse_vacancy, to_json


def parse_vacancy_command(
    as_json: bool = typer.Option(
        True, "--json/--text", help="One JSON object per line, or a readable summary."
    ),
) -> None:
    """Read one message per line and print what the parser found in it."""
    for line in sys.stdin:
        if not line.strip():
            continue
        fields = to_json(parse_vacancy(line.rstrip("\n")))
        if as_json:
            typer.echo(json.dumps(fields, ensure_ascii=False))
        else:
            typer.echo(
                "  ".join(f"{key}={value}" for key, value in fields.items() if value not in (None, []))
            )


def register(app: typer.Typer) -> None:
    app.command("parse-vacancy")(parse_vacancy_command)
