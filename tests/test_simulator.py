"""The local simulator: page, API (real signed posts to ``/wechat``), fake WeChat mirroring, terminal chat."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.fakewechat import FakeConfig, RunningFake, running_fake_wechat
from bot.settings import Settings
from bot.simulator.driver import openid_for
from bot.simulator.terminal import BadCommand, parse_line, run_terminal_chat
from bot.store.migrate import upgrade
from tests.conftest import make_settings


@pytest.fixture
def fake() -> Iterator[RunningFake]:
    with running_fake_wechat(FakeConfig()) as running:
        yield running


@pytest.fixture
def sim_settings(tmp_path: Path, fake: RunningFake) -> Settings:
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    upgrade(url)
    return make_settings(url, simulator_enabled=True, wechat_api_base=fake.base_url)


def simulator_client(settings: Settings) -> TestClient:
    """A client whose simulator posts reach ``/wechat`` of the same app through an ASGI transport."""
    app = create_app(settings)
    app.state.simulator_transport = httpx.ASGITransport(app=app)
    return TestClient(app)


@pytest.fixture
def sim(sim_settings: Settings) -> Iterator[TestClient]:
    with simulator_client(sim_settings) as client:
        yield client


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                                           lifespan="on", ws="none", timeout_graceful_shutdown=2))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="laborbot-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def send(client: TestClient, persona: str, kind: str, **fields: Any) -> dict[str, Any]:
    response = client.post("/simulator/api/send", json={"persona": persona, "kind": kind, **fields})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    assert not data["failed"], data
    return data


def remaining(fake: RunningFake, openid: str) -> int:
    with fake.state.lock:
        return fake.state.budget.remaining(openid, fake.state.now())


# -- the page ----------------------------------------------------------------------------------------

def test_page_and_its_assets_load(sim: TestClient) -> None:
    page = sim.get("/simulator")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "公众号模拟器" in page.text and "/simulator/static/app.js" in page.text
    script = sim.get("/simulator/static/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "/simulator/api/send" in script.text
    assert sim.get("/simulator/static/style.css").headers["content-type"].startswith("text/css")
    assert sim.get("/simulator/static/index.html").status_code == 404
    assert sim.get("/simulator/static/..%2Fpeer.py").status_code == 404


def test_config_carries_the_menu_personas_and_places(sim: TestClient) -> None:
    config = sim.get("/simulator/api/config").json()
    assert [b["name"] for b in config["menu"]] == ["政策问答", "培训就业", "我的"]
    keys = [sub["key"] for top in config["menu"] for sub in top.get("sub_button", [])]
    assert "COURSES" in keys and "FAQ_SUBSIDY" in keys
    assert {p["openid"] for p in config["personas"]} == {"sim_worker", "sim_employer", "sim_staff"}
    assert config["places"][0] == {"name": "济南历下", "label": "山东省济南市历下区",
                                   "lat": 36.66, "lon": 117.05}
    assert config["mode"] == "safe"


# -- actions through /wechat ---------------------------------------------------------------------------

def test_text_menu_gets_the_menu_and_opens_the_48h_window(sim: TestClient, fake: RunningFake) -> None:
    data = send(sim, "sim_worker_t1", "text", text="菜单")
    assert "培训" in data["reply"] and data["status"] == 200 and data["fake_reachable"]
    assert remaining(fake, "sim_worker_t1") == 5


def test_follow_gets_the_welcome_and_unfollow_gets_nothing(sim: TestClient, fake: RunningFake) -> None:
    assert "欢迎关注" in send(sim, "employer", "follow")["reply"]
    assert fake.state.is_following("sim_employer") and remaining(fake, "sim_employer") == 3
    assert send(sim, "employer", "unfollow")["reply"] is None
    assert not fake.state.is_following("sim_employer")


def test_click_voice_and_location(sim: TestClient, fake: RunningFake) -> None:
    click = send(sim, "sim_worker_c", "click", key="COURSES")
    assert click["reply"] and remaining(fake, "sim_worker_c") == 3
    assert "打字" in send(sim, "sim_worker_c", "voice", text="")["reply"]
    located = send(sim, "sim_worker_c", "location", lat=36.66, lon=117.05, label="山东省济南市历下区")
    assert "济南市历下区" in located["reply"]


@pytest.mark.parametrize("body", [
    {"persona": "a b", "kind": "text", "text": "x"},  # not an openid
    {"persona": "w", "kind": "text", "text": " "},  # WeChat sends no empty text
    {"persona": "w", "kind": "hack"},
])
def test_bad_requests_are_refused(sim: TestClient, body: dict[str, str]) -> None:
    assert sim.post("/simulator/api/send", json=body).status_code == 422


# -- what the fake WeChat API delivered -----------------------------------------------------------------

def test_outbound_proxies_the_fakes_messages_with_labels(sim: TestClient, fake: RunningFake) -> None:
    fake.state.deliver("sim_staff", channel="custom", msgtype="text", text="您的报名已受理", payload={})
    fake.state.deliver("sim_staff", channel="template", msgtype="template", text="keyword1: 焊工", payload={})
    fake.state.deliver("someone_else", channel="mass", msgtype="text", text="不是你的", payload={})
    first = sim.get("/simulator/api/outbound", params={"persona": "staff", "since": 0}).json()
    assert first["available"]
    assert [(m["label"], m["text"]) for m in first["messages"]] == [
        ("客服消息", "您的报名已受理"), ("模板消息", "keyword1: 焊工")]
    again = sim.get("/simulator/api/outbound", params={"persona": "staff", "since": first["cursor"]}).json()
    assert again["messages"] == [] and again["cursor"] == first["cursor"]


def test_without_the_fake_the_chat_still_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nofake.db'}"
    upgrade(url)
    with simulator_client(make_settings(url, simulator_enabled=True)) as client:
        data = send(client, "worker", "text", text="菜单")
        assert "培训" in data["reply"] and not data["fake_reachable"]
        outbound = client.get("/simulator/api/outbound", params={"persona": "worker"}).json()
        assert outbound == {"available": False, "messages": [], "cursor": 0}


def test_simulator_is_not_mounted_when_disabled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'off.db'}"
    upgrade(url)
    with TestClient(create_app(make_settings(url, simulator_enabled=False))) as client:
        assert client.get("/simulator").status_code == 404
        assert client.post("/simulator/api/send", json={"persona": "w", "kind": "follow"}).status_code == 404


# -- over real HTTP, and the terminal ------------------------------------------------------------------

def test_simulator_posts_to_wechat_over_real_http(sim_settings: Settings) -> None:
    with serving(sim_settings) as base, httpx.Client(base_url=base, trust_env=False, timeout=20) as client:
        body = {"persona": "worker", "kind": "text", "text": "菜单"}
        response = client.post("/simulator/api/send", json=body)
        assert response.status_code == 200 and "培训" in response.json()["reply"]


def test_persona_names_map_to_fixed_openids() -> None:
    assert [openid_for(p) for p in ("worker", "employer", "staff", "o_abc-1")] == [
        "sim_worker", "sim_employer", "sim_staff", "o_abc-1"]
    with pytest.raises(ValueError):
        openid_for("有空格 的")


def test_terminal_commands_parse() -> None:
    assert parse_line("你好").text == "你好"  # type: ignore[union-attr]
    assert parse_line("/quit") is None
    loc = parse_line("/loc 36.66 117.05 济南市历下区")
    assert loc is not None
    assert (loc.kind, loc.lat, loc.lon, loc.label) == ("location", 36.66, 117.05, "济南市历下区")
    voice = parse_line("/voice")
    assert voice is not None and (voice.kind, voice.text) == ("voice", "")
    click = parse_line("/click COURSES")
    assert click is not None and (click.kind, click.key) == ("click", "COURSES")
    for bad in ("/click", "/loc 36.6", "/dance"):
        with pytest.raises(BadCommand):
            parse_line(bad)


def test_terminal_chat_talks_to_the_running_service(sim_settings: Settings, fake: RunningFake) -> None:
    lines = iter(["/follow", "菜单", "/click COURSES", "/voice", "/loc 36.66 117.05 济南市历下区", "/dance",
                  "", "/quit"])
    said: list[str] = []

    def read(prompt: str) -> str:
        assert prompt == "你："
        line = next(lines)
        if line == "":  # the bot writes on its own between turns: shown on the next empty line
            fake.state.deliver("sim_worker", channel="custom", msgtype="text", text="课程有更新", payload={})
        return line

    with serving(sim_settings) as base:
        run_terminal_chat(sim_settings, persona="worker", base_url=base, mode="safe", read=read,
                          say=said.append)
    transcript = "\n".join(said)
    assert "公众号：您好，欢迎关注" in transcript
    assert any(line.startswith("公众号：") and "培训" in line for line in said)
    assert "打字" in transcript and "位置已收到" in transcript
    assert "用法" in transcript or "命令：" in transcript
    assert "公众号［客服消息］：课程有更新" in transcript
    assert said[-1] == "再见！"
