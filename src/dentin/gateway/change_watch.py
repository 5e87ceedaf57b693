"""Polls the HQ change generation so a change made by another process reaches this one.

The CLI and nodes without Redis share only the HQ database. Reading one row by primary key
twice a second costs each server next to nothing and keeps the promise that a suspension,
disable or revoke made anywhere is refused everywhere within a second: a poll period of half
a second leaves the other half for the read and for the change's own commit. The read runs in
a thread of its own, never on a request's path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from dentin.hq import generation
from dentin.hq.context import HQ
from dentin.logs import get_logger

log = get_logger("dentin.change_watch")


class ChangeWatcher:
    def __init__(self, hq: HQ, on_change: Callable[[], None], interval: float = 0.5) -> None:
        self._hq = hq
        self._on_change = on_change
        self._interval = interval
        self._seen: int | None = None
        self._failing = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self) -> bool:
        """Read the generation once; drop the caches if it moved (or on the first read, since
        anything may have changed before this process watched). True if it did."""
        try:
            value = generation.current(self._hq.engine)
        except SQLAlchemyError as exc:
            if not self._failing:  # one line per outage, not two a second
                log.warning("change_generation_read_failed", error=type(exc).__name__)
            self._failing = True
            return False
        self._failing = False
        if value == self._seen:
            return False
        self._seen = value
        self._on_change()
        return True

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self.poll()  # here, not in the thread: what is cached from now on is checked

        def loop() -> None:
            while not self._stop.wait(self._interval):
                self.poll()

        self._thread = threading.Thread(target=loop, name="dentin-change-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
