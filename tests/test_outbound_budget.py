"""The customer-service budget ledger: 5 sends in 48 h after a message, 3 in a minute after an event."""

from __future__ import annotations

import threading
from datetime import timedelta

from bot import clock
from bot.outbound import budget
from bot.store.db import Database

OPENID = "o_budget"


def spend_all(db: Database, n: int) -> list[bool]:
    results = []
    for _ in range(n):
        with db.session() as session:
            results.append(budget.try_spend(session, openid=OPENID, at=clock.now()))
    return results


def remaining(db: Database) -> int:
    with db.session() as session:
        return budget.remaining(session, openid=OPENID, at=clock.now())


def interact(db: Database, kind: budget.Interaction) -> None:
    with db.session() as session:
        budget.record_interaction(session, openid=OPENID, kind=kind, at=clock.now())


def test_a_stranger_has_no_budget(db: Database) -> None:
    assert remaining(db) == 0
    assert spend_all(db, 1) == [False]
    with db.session() as session:
        assert budget.refusal_code(session, openid=OPENID, at=clock.now()) == 45015


def test_a_message_gives_five_sends_for_48_hours(db: Database) -> None:
    interact(db, "message")
    assert remaining(db) == 5
    assert spend_all(db, 6) == [True] * 5 + [False]
    with db.session() as session:
        assert budget.refusal_code(session, openid=OPENID, at=clock.now()) == 45047

    clock.travel(timedelta(hours=47))
    assert remaining(db) == 0
    interact(db, "message")  # a new message renews window and count
    assert remaining(db) == 5
    assert spend_all(db, 2) == [True, True]

    clock.travel(timedelta(hours=47, minutes=59))
    assert remaining(db) == 3
    clock.travel(timedelta(minutes=2))
    assert remaining(db) == 0
    assert spend_all(db, 1) == [False]
    with db.session() as session:
        assert budget.refusal_code(session, openid=OPENID, at=clock.now()) == 45015


def test_a_click_gives_three_sends_within_a_minute(db: Database) -> None:
    interact(db, "click")
    assert remaining(db) == 3
    clock.travel(timedelta(seconds=30))
    assert spend_all(db, 4) == [True, True, True, False]

    interact(db, "scan")
    assert spend_all(db, 1) == [True]
    clock.travel(timedelta(seconds=61))
    assert remaining(db) == 0
    assert spend_all(db, 1) == [False]


def test_windows_add_up_and_the_event_window_is_spent_first(db: Database) -> None:
    interact(db, "message")
    interact(db, "subscribe")
    assert remaining(db) == 8
    with db.session() as session:
        assert budget.spend(session, openid=OPENID, at=clock.now()) == "event"
    clock.travel(timedelta(minutes=2))
    with db.session() as session:
        assert budget.spend(session, openid=OPENID, at=clock.now()) == "message"
    assert remaining(db) == 4


def test_refund_and_exhaust(db: Database) -> None:
    interact(db, "message")
    with db.session() as session:
        window = budget.spend(session, openid=OPENID, at=clock.now())
        assert window == "message"
        budget.refund(session, openid=OPENID, window=window)
    assert remaining(db) == 5
    with db.session() as session:
        budget.exhaust(session, openid=OPENID)
    assert remaining(db) == 0


def test_concurrent_spenders_never_overspend(db: Database) -> None:
    interact(db, "message")
    results: list[bool] = []
    lock = threading.Lock()

    def spender() -> None:
        for _ in range(3):
            with db.session() as session:
                ok = budget.try_spend(session, openid=OPENID, at=clock.now())
            with lock:
                results.append(ok)

    threads = [threading.Thread(target=spender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results.count(True) == 5
    assert results.count(False) == 7


def test_an_interaction_stamped_slightly_ahead_of_our_clock_still_counts(db: Database) -> None:
    with db.session() as session:
        budget.record_interaction(
            session, openid=OPENID, kind="message", at=clock.now() + timedelta(seconds=3)
        )
    assert remaining(db) == 5
    assert spend_all(db, 1) == [True]
