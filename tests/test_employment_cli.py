"""``laborbot employer list|approve`` and ``laborbot match run`` against the same database."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings, get_settings
from tests.employment_support import (
    CODE_A,
    ctx_of,
    employer_id,
    outbox_texts,
    persona,
    register_employer,
    trained_worker,
)


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_staff_approve_by_cli_and_run_a_batch_allocation(client: TestClient, cli_env: None) -> None:
    boss = persona(client, "o_boss")
    register_employer(boss)
    boss.dialog([("招聘家政服务员1名，济南历下区，月薪5000-7000", "回复1发布"), ("1", "已保存")])
    with ctx_of(client).db.session() as session:
        for n in range(3):
            trained_worker(session, openid=f"o_w{n}", name=f"工人{n}号", phone=f"1370000000{n}",
                           occupation="家政服务员", code="4-10-01-06")
    runner = CliRunner()
    listed = runner.invoke(app, ["employer", "list", "--status", "pending"])
    assert listed.exit_code == 0, listed.output
    assert "济南安心家政服务有限公司" in listed.output and "139****1111" in listed.output
    assert runner.invoke(app, ["match", "run", "--json"]).output == ""  # not approved: nothing to allocate

    approved = runner.invoke(app, ["employer", "approve", str(employer_id(client, CODE_A))])
    assert approved.exit_code == 0 and "已审核通过" in approved.output
    assert any("已通过审核" in text for text in outbox_texts(client, "o_boss"))
    lines = runner.invoke(app, ["match", "run", "--json"]).output.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["vacancy_id"] == 1  # headcount 1: one of three workers
    assert runner.invoke(app, ["employer", "approve", "999"]).exit_code == 1
