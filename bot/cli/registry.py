"""Where command modules are listed; add a module's ``register`` here to add its commands."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import typer

Registrar = Callable[[typer.Typer], None]

MODULES = ["bot.cli.core", "bot.cli.fakewechat", "bot.cli.faq", "bot.cli.vacancy", "bot.cli.employment",
           "bot.cli.training", "bot.cli.content",
           "bot.cli.dead_letters"]


def registrars() -> list[Registrar]:
    found: list[Registrar] = []
    for name in MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append(module.register)
    return found
