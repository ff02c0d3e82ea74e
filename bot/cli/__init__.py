"""The ``laborbot`` command line: each area registers its commands from its own module."""

from __future__ import annotations

import typer

from bot.cli.registry import registrars

app = typer.Typer(help="laborbot：山东特色劳务品牌公众号服务", no_args_is_help=True, add_completion=False)

for _register in registrars():
    _register(app)
