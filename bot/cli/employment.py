"""``laborbot employer list|approve`` and ``laborbot match run``: staff work on employers and matching."""

from __future__ import annotations

import json

import typer

from bot.settings import get_settings
from bot.store.db import Database


def _db() -> Database:
    return Database(get_settings().database_url)


def register(app: typer.Typer) -> None:
    employer_app = typer.Typer(help="招聘企业")
    match_app = typer.Typer(help="岗位匹配")
    app.add_typer(employer_app, name="employer")
    app.add_typer(match_app, name="match")

    @employer_app.command("list")
    def employer_list(status: str = typer.Option(None, help="pending | approved | rejected")) -> None:
        """List employers (contact details masked)."""
        from bot.api.employers import public
        from bot.store import employers

        db = _db()
        with db.session() as session:
            for row in employers.list_employers(session, status=status, limit=1000):
                assert row.id is not None
                item = public(row, len(employers.members(session, employer_id=row.id)))
                place = item.city + (item.county or "")
                contact = f"{item.contact_name or '-'} {item.contact_phone or '-'}"
                typer.echo(f"{item.id}\t{item.status}\t{item.name}\t{item.credit_code}\t{place}\t{contact}")
        db.dispose()

    @employer_app.command("approve")
    def employer_approve(employer_id: int, actor: str = typer.Option("cli", help="审核人")) -> None:
        """Approve an employer: its vacancies start reaching workers and its members are told."""
        from bot.services import employment_notices

        db = _db()
        with db.session() as session:
            employer = employment_notices.approve(session, employer_id=employer_id, actor=actor)
        db.dispose()
        if employer is None:
            typer.echo(f"没有编号为 {employer_id} 的企业。", err=True)
            raise typer.Exit(1)
        typer.echo(f"已审核通过：{employer.name}")

    @match_app.command("run")
    def match_run(
        as_json: bool = typer.Option(False, "--json", help="one JSON object per assignment"),
    ) -> None:
        """Batch allocation over every open vacancy of approved employers (nothing is sent)."""
        from bot.services import matching_service

        db = _db()
        with db.session() as session:
            found = matching_service.allocation(session)
        db.dispose()
        for a in found:
            if as_json:
                typer.echo(
                    json.dumps(
                        {"worker_id": a.worker_id, "vacancy_id": a.vacancy_id, "score": round(a.score, 3)}
                    )
                )
            else:
                typer.echo(f"岗位{a.vacancy_id}\t求职者{a.worker_id}\t{a.score:.1f}")
        if not as_json:
            typer.echo(f"共分配 {len(found)} 个名额。")
