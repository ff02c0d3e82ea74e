"""Two real OS processes share one access token through the database: one fetch, no 40001 storm."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier

from bot.outbound.client import SharedTokenClient, make_http
from bot.outbound.token import DatabaseTokenStore, http_token_fetcher
from bot.store.db import Database
from tests.wechat_stub import WeChatPlay, serve

CALLS = 20
TIMEOUT_S = 60


def _worker(db_url: str, api_base: str, name: str, barrier: Barrier) -> None:
    """One process: 20 token reads and sends, wait while the token is revoked, 20 more."""
    db = Database(db_url)
    http = make_http(api_base)
    fetch = http_token_fetcher(http, app_id="wx_test", secret="s", timeout=5)
    # No process cache: every call goes to the shared row, as the worst case would.
    tokens = DatabaseTokenStore(db, app_id="wx_test", fetch=fetch, cache=False)
    client = SharedTokenClient(appid="wx_test", secret="s", tokens=tokens, timeout=5)
    client._http = http
    for phase in (1, 2):
        barrier.wait(TIMEOUT_S)  # start together, so both race for the first fetch
        for n in range(CALLS):
            client.message.send_text(user_id="o1", content=f"{name}-{phase}-{n}")
        barrier.wait(TIMEOUT_S)
    db.dispose()


def test_two_processes_share_one_token_without_a_40001_storm(db_url: str) -> None:
    play = WeChatPlay()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(3)
    with serve(play) as base_url:
        workers = [ctx.Process(target=_worker, args=(db_url, base_url, name, barrier)) for name in "ab"]
        for worker in workers:
            worker.start()
        barrier.wait(TIMEOUT_S)  # phase 1 starts
        barrier.wait(TIMEOUT_S)  # phase 1 done
        fetches_in_phase_1, errors_in_phase_1 = play.token_fetches, play.token_errors
        play.revoke()  # the token stops working, as after a rotation elsewhere
        barrier.wait(TIMEOUT_S)  # phase 2 starts
        barrier.wait(TIMEOUT_S)  # phase 2 done
        for worker in workers:
            worker.join(TIMEOUT_S)

    assert [worker.exitcode for worker in workers] == [0, 0]
    assert (fetches_in_phase_1, errors_in_phase_1) == (1, 0)
    assert play.token_fetches == 2  # one refresh after the revocation, not one per process
    assert play.token_errors <= 2  # each process met the dead token at most once
    assert len(play.sent()) == 2 * 2 * CALLS
