"""Throughput and latency of ``/wechat`` for text messages, as WeChat would send them.

One server process pinned to core 0 (SQLite, the real app: signature, decryption, de-duplication,
state and reply all included), the load generator pinned to core 1: N keep-alive connections
sending pre-built requests, each with a unique MsgId and its own fresh signature.

    python bench/callback.py [--mode safe|plain] [--connections 64] [--seconds 10] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot.simulator.peer import WeChatPeer  # noqa: E402

# Half menu-style commands, half policy questions (the retrieval path) drawn from the ~400
# distinct questions of the labelled sets, as users mix them.
COMMANDS = ["菜单", "帮助", "更多", "取消"]


def questions() -> list[str]:
    import yaml

    found: list[str] = []
    for name in ("faq_dev.yaml", "faq_holdout.yaml", "faq_holdout2.yaml"):
        path = ROOT / "tests" / "data" / name
        if path.exists():
            found += [item["q"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return found or ["培训补贴怎么领"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_requests(mode: str, count: int, users: int, port: int) -> list[bytes]:
    peer = WeChatPeer(token=DEV_TOKEN, app_id=DEV_APP_ID, aes_key=DEV_AES_KEY, mode=mode)  # type: ignore[arg-type]
    out = []
    asked = questions()
    for i in range(count):
        openid = f"o_bench_{i % users:05d}"
        text = random.choice(COMMANDS) if i % 2 else random.choice(asked)
        query, body = peer.request(peer.text(openid, text))
        head = (
            f"POST /wechat?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append(head + body)
    return out


async def read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def load(
    port: int, requests: list[bytes], connections: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    index = 0
    stop_at = time.perf_counter() + seconds

    async def connection() -> None:
        nonlocal index, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop_at and index < len(requests):
            request = requests[index]
            index += 1
            started = time.perf_counter()
            writer.write(request)
            status = await read_response(reader)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
        writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return latencies, errors, time.perf_counter() - began


def wait_ready(port: int, timeout: float = 20) -> float:
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2) as s:
                s.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
                if b"200" in s.recv(100):
                    return time.perf_counter() - began
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError("server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["plain", "safe"], default="safe")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    port = free_port()
    tmp = tempfile.mkdtemp(prefix="laborbot-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
        "ENV": "test",
        "START_FAKE_WECHAT": "false",
        "SIMULATOR_ENABLED": "false",
        "SCHEDULER_ENABLED": "false",
        "WECHAT_ENCRYPT_MODE": "compatible",
        "LOG_LEVEL": "WARNING",
        "WECHAT_API_BASE": "http://127.0.0.1:9",
    }
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    cores = os.sched_getaffinity(0)
    server_cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        os.environ.get("BENCH_APP", "bot.app:asgi"),
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if len(cores) >= 2:
        server_cmd = ["taskset", "-c", "0", *server_cmd]
        os.sched_setaffinity(0, {1})
    started = time.perf_counter()
    server = subprocess.Popen(server_cmd, env=env, cwd=ROOT)
    try:
        ready_s = wait_ready(port) + 0
        ready_s = time.perf_counter() - started
        expected = int(args.seconds * 6000)
        requests = build_requests(args.mode, expected, args.users, port)
        asyncio.run(load(port, requests[:500], args.connections, 2))  # warm-up
        latencies, errors, elapsed = asyncio.run(load(port, requests[500:], args.connections, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    latencies.sort()
    result = {
        "mode": args.mode,
        "connections": args.connections,
        "messages": len(latencies),
        "errors": errors,
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "ready_s": round(ready_s, 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
