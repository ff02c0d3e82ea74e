"""``laborbot content check``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    content_app = typer.Typer(help="内容文件（政策问答、回复文本、菜单、培训目录）")
    app.add_typer(content_app, name="content")

    @content_app.command("check")
    def check() -> None:
        """Validate every content file; exit 1 and list the problems if any."""
        from content.check import check_all

        failed = False
        for area, problems in check_all().items():
            if problems:
                failed = True
                typer.echo(f"✗ {area}")
                for problem in problems:
                    typer.echo(f"    {problem}")
            else:
                typer.echo(f"✓ {area}")
        raise typer.Exit(1 if failed else 0)
