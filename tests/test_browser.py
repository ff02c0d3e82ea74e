"""The simulator page in a real browser: Debian's Chromium driven by Playwright against the real app."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.fakewechat import FakeConfig, RunningFake, running_fake_wechat
from bot.store.migrate import upgrade
from tests.conftest import make_settings
from tests.test_simulator import serving

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT_COPY = Path("/tmp/sim.png")


def _unavailable(what: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is missing")


@pytest.fixture
def browser_page() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package")
    expect.set_options(timeout=10_000)  # a loaded CI machine answers slower than a laptop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 860}, locale="zh-CN")
            yield page
        finally:
            browser.close()


@pytest.fixture
def fake() -> Iterator[RunningFake]:
    with running_fake_wechat(FakeConfig()) as running:
        yield running


@pytest.fixture
def base_url(tmp_path: Path, fake: RunningFake) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    upgrade(url)
    with serving(make_settings(url, simulator_enabled=True, wechat_api_base=fake.base_url)) as base:
        yield base


def test_chat_in_the_browser(browser_page: object, base_url: str, fake: RunningFake, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    page.goto(f"{base_url}/simulator")
    expect(page.locator("#menu > button")).to_have_count(3)
    expect(page.locator("#openid")).to_have_text("sim_worker")
    bot = page.locator(".msg.bot .bubble")

    page.click("#follow")
    expect(bot.first).to_contain_text("欢迎关注")

    page.fill("#text", "菜单")
    page.press("#text", "Enter")
    expect(page.locator(".msg.user .bubble").last).to_have_text("菜单")
    expect(bot).to_have_count(2)
    expect(bot.last).to_contain_text("培训报名")

    page.click("#to-menu")
    page.locator("#menu > button", has_text="培训就业").click()
    page.locator("#menu-popup button", has_text="培训报名").click()
    expect(page.locator(".note", has_text="点击菜单「培训报名」")).to_be_visible()
    expect(bot).to_have_count(3)
    expect(bot.last).not_to_be_empty()  # the wording belongs to the courses flow

    page.select_option("#place", "0")
    page.click("#send-location")
    expect(bot.last).to_contain_text("位置已收到")

    fake.state.deliver("sim_worker", channel="custom", msgtype="text", text="您的报名已受理", payload={})
    expect(page.locator(".tag.custom", has_text="客服消息")).to_be_visible()
    expect(bot.last).to_have_text("您的报名已受理")
    expect(page.locator("#notice")).to_be_hidden()

    shot = tmp_path / "sim.png"
    page.screenshot(path=str(shot))
    shutil.copyfile(shot, SCREENSHOT_COPY)

    # The conversation survives a reload, and the delivered message is not shown twice.
    page.reload()
    expect(bot).to_have_count(5)
    page.wait_for_timeout(1500)
    expect(page.locator(".tag.custom")).to_have_count(1)


def test_page_tells_when_the_fake_is_unreachable(browser_page: object, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    url = f"sqlite:///{tmp_path / 'nofake.db'}"
    upgrade(url)
    with serving(make_settings(url, simulator_enabled=True)) as base:
        page.goto(f"{base}/simulator")
        expect(page.locator("#notice")).to_contain_text("未连上假微信接口")
        page.fill("#text", "菜单")
        page.click("#send")
        expect(page.locator(".msg.bot .bubble").last).to_contain_text("培训")
