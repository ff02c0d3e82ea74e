"""Content is checked by ``laborbot content check`` and reloads without a restart; a bad file
leaves the old content in force and says what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.settings import DEV_API_TOKEN
from content.faq import FAQ_DIR
from tests.support import Persona

AUTH = {"Authorization": f"Bearer {DEV_API_TOKEN}"}
NEW_TOPIC = """
- id: zz-test-lunar-canteen
  title: 月球食堂补贴
  phrasings: [月球食堂补贴怎么领, 月球食堂有补贴吗, 月球食堂补贴标准, 俺想问月球食堂补贴]
  answer: 这是测试用的临时条目。
  source: 测试
"""


@pytest.fixture
def extra_faq_file() -> Iterator[Path]:
    path = FAQ_DIR / "zz_reload_test.yaml"
    yield path
    path.unlink(missing_ok=True)


def test_content_check_passes_on_shipped_content() -> None:
    result = CliRunner().invoke(cli, ["content", "check"])
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output


def test_reload_takes_new_content_and_refuses_bad_content(
    client: TestClient, worker: Persona, extra_faq_file: Path
) -> None:
    ctx = client.app.state.ctx  # type: ignore[attr-defined]
    try:
        assert "这是测试用的临时条目" not in worker.say("月球食堂补贴怎么领")
        extra_faq_file.write_text(NEW_TOPIC, encoding="utf-8")
        assert client.post("/api/content/reload", headers=AUTH).json() == {"reloaded": True}
        assert "这是测试用的临时条目" in worker.say("月球食堂补贴怎么领")

        extra_faq_file.write_text(
            NEW_TOPIC.replace("related: []", "") + "  related: [no-such-topic]\n", encoding="utf-8"
        )
        refused = client.post("/api/content/reload", headers=AUTH)
        assert refused.status_code == 422 and "no-such-topic" in refused.text
        assert "这是测试用的临时条目" in worker.say("月球食堂补贴标准")  # the old content stays in force

        bad = CliRunner().invoke(cli, ["content", "check"])
        assert bad.exit_code == 1 and "no-such-topic" in bad.output
    finally:
        extra_faq_file.unlink(missing_ok=True)
        ctx.understander.reload()
