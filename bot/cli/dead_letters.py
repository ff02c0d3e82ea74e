"""``laborbot dead-letters list|replay``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="处理失败的消息：查看和重放")
    app.add_typer(group, name="dead-letters")

    @group.command("list")
    def list_letters() -> None:
        """List kept messages whose handling failed and that were not replayed yet."""
        from bot.app import build_context
        from bot.services.dead_letters import describe, pending
        from bot.settings import get_settings

        ctx = build_context(get_settings())
        letters = pending(ctx)
        for letter in letters:
            typer.echo(describe(letter))
        typer.echo(f"共 {len(letters)} 条待处理。")
        ctx.db.dispose()

    @group.command("replay")
    def replay_letter(letter_id: int) -> None:
        """Handle a kept message again (after the cause was fixed); the user gets the reply by the outbox."""
        from bot.app import build_context
        from bot.services.dead_letters import replay
        from bot.settings import get_settings

        ctx = build_context(get_settings())
        try:
            result = replay(ctx, letter_id)
        except (LookupError, ValueError) as exc:
            typer.echo(str(exc))
            raise typer.Exit(1) from None
        finally:
            ctx.db.dispose()
        typer.echo(("已重放：" if result.ok else "重放仍然失败，已另存：") + (result.reply or "（无回复）"))
