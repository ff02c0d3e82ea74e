"""``laborbot catalogue import|export|load`` and ``laborbot roster export|mark``: training for staff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.settings import get_settings
from bot.store.db import Database


def _db() -> Database:
    return Database(get_settings().database_url)


def catalogue_load(
    refresh: Annotated[bool, typer.Option(help="已有的演示数据也按文件重写（不动工作人员的数据）")] = False,
) -> None:
    """Load the demo brands and courses (content/data/catalogue/*.yaml) into the database; safe to repeat."""
    from bot.services.training import load_demo_catalogue
    from content.catalogue import CatalogueError

    db = _db()
    try:
        brands, courses = load_demo_catalogue(db, refresh=refresh)
    except CatalogueError as exc:
        typer.echo("目录有误，没有导入：\n" + "\n".join(exc.problems), err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    kept = "已有的非演示数据未改动" if refresh else "已有的数据未改动"
    typer.echo(f"已载入演示目录：品牌{brands}个，课程{courses}门（{kept}）。")


def catalogue_import(file: Annotated[Path, typer.Argument(help="按导出格式填写的 .xlsx 文件")]) -> None:
    """Import brands and courses from Excel: every row is checked first; any error imports nothing."""
    from bot.services.catalogue_excel import import_catalogue
    from content.catalogue import CatalogueError

    db = _db()
    try:
        with db.session() as session:
            brands, courses = import_catalogue(session, file.read_bytes())
    except CatalogueError as exc:
        typer.echo(f"发现{len(exc.problems)}处问题，没有导入任何数据：\n" + "\n".join(exc.problems), err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    typer.echo(f"已导入：品牌{brands}个，课程{courses}门。")


def catalogue_export(file: Annotated[Path, typer.Argument(help="要写入的 .xlsx 文件")]) -> None:
    """Export all brands and courses to Excel (the same layout the import reads)."""
    from bot.services.catalogue_excel import export_catalogue

    db = _db()
    with db.session() as session:
        file.write_bytes(export_catalogue(session))
    db.dispose()
    typer.echo(f"已导出到 {file}")


def roster_export(
    course: Annotated[str, typer.Argument(help="课程编码，如 JN-YS-2612")],
    file: Annotated[Path, typer.Argument(help="要写入的 .xlsx 文件")],
    reason: Annotated[str | None, typer.Option(help="导出完整（不打码）信息的理由，会记入审计")] = None,
    actor: Annotated[str, typer.Option(help="操作人")] = "cli",
) -> None:
    """Export a course's roster (masked unless a reason is given)."""
    from bot.services.roster_excel import audit, export_roster
    from bot.store import training as store

    settings = get_settings()
    db = _db()
    with db.session() as session:
        row = store.get_course(session, code=course)
        if row is None:
            typer.echo(f"没有课程 {course}", err=True)
            raise typer.Exit(1)
        if reason:
            audit(
                session, actor=actor, action="roster_full_export", subject=f"course:{course}", reason=reason
            )
        file.write_bytes(
            export_roster(
                session, course=row, full=bool(reason), secret=settings.id_encryption_key.get_secret_value()
            )
        )
    db.dispose()
    typer.echo(f"已导出 {course} 的花名册到 {file}")


def roster_mark(
    course: Annotated[str, typer.Argument(help="课程编码")],
    file: Annotated[Path, typer.Argument(help="填好“到课/结业/取证”的花名册 .xlsx")],
    actor: Annotated[str, typer.Option(help="操作人，记入每条登记")] = "cli",
) -> None:
    """Record attendance, completion and certificates from a filled-in roster (all rows or none)."""
    from bot.services.roster_excel import RosterError, apply_marks, read_marks
    from bot.store import training as store

    db = _db()
    try:
        with db.session() as session:
            row = store.get_course(session, code=course)
            if row is None:
                typer.echo(f"没有课程 {course}", err=True)
                raise typer.Exit(1)
            rows = read_marks(session, course=row, data=file.read_bytes())
            changes = apply_marks(session, rows=rows, actor=f"staff:{actor}")
    except RosterError as exc:
        typer.echo("发现问题，没有登记任何一条：\n" + "\n".join(exc.problems), err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    typer.echo(f"已登记{len(rows)}行，共{changes}项变更。")


def register(app: typer.Typer) -> None:
    catalogue_app = typer.Typer(help="培训目录：劳务品牌和课程")
    roster_app = typer.Typer(help="培训花名册和到课、结业、取证登记")
    app.add_typer(catalogue_app, name="catalogue")
    app.add_typer(roster_app, name="roster")
    catalogue_app.command("load")(catalogue_load)
    catalogue_app.command("import")(catalogue_import)
    catalogue_app.command("export")(catalogue_export)
    roster_app.command("export")(roster_export)
    roster_app.command("mark")(roster_mark)
