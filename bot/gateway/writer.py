"""SQLite's single writer: one thread takes the messages waiting in arrival order and handles them in
batches, one transaction and one commit per batch (``process.process_batch``)."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from bot.context import AppContext
from bot.gateway.dedup import Claim
from bot.gateway.inbound import Inbound
from bot.gateway.process import Late, process_batch

MAX_BATCH = 32

_Item = tuple[Inbound, Late, "Future[Claim]"]


class BatchWriter:
    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="sqlite-writer", daemon=True)
        self.thread.start()

    def submit(self, inbound: Inbound, late: Late) -> Future[Claim]:
        future: Future[Claim] = Future()
        self.queue.put((inbound, late, future))
        return future

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self.queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self.queue.put(None)  # finish this batch, then stop
                    break
                batch.append(item)
            try:
                claims = process_batch(self.app, [(inbound, late) for inbound, late, _ in batch])
            except BaseException as exc:  # never leave a request waiting forever
                for _, _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, _, future), claim in zip(batch, claims, strict=True):
                future.set_result(claim)
