"""A bounded pool of its own for long office work (ShortQuery), with admission per key and office.

The web server's shared thread pool serves every request of every office; a few dozen slow
queries from one key once filled it and stalled everyone else. Long work runs here instead, on
its own few threads, and is admitted only while the caller's key, its office and the pool as a
whole are under their caps. Over a cap the caller is told at once (429 with ``Retry-After``),
never queued: a queue would only move the stall from one pool to another.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from dentin.errors import OfficeUnavailable, TooManyRequests

P = ParamSpec("P")
T = TypeVar("T")
RETRY_AFTER_SECONDS = 2
LONG_WORK_NICENESS = 10


class WorkPool:
    def __init__(self, *, threads: int, per_key: int, per_office: int) -> None:
        self.threads = max(1, threads)
        self.per_key = max(1, per_key)
        self.per_office = max(1, per_office)
        self._executor = ThreadPoolExecutor(
            self.threads, thread_name_prefix="dentin-long-work", initializer=_yield_cpu
        )
        self._lock = threading.Lock()
        self._running = 0
        self._by_key: Counter[str] = Counter()
        self._by_office: Counter[int] = Counter()
        self._closed = False

    def submit(
        self, key: str, office_id: int, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        """Run ``fn`` on the pool if ``key`` and ``office_id`` are under their caps, else 429."""
        self._admit(key, office_id)
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except BaseException:
            self._release(key, office_id)
            raise
        future.add_done_callback(lambda _done: self._release(key, office_id))
        return future

    def running(self) -> int:
        with self._lock:
            return self._running

    def _admit(self, key: str, office_id: int) -> None:
        with self._lock:
            if self._closed:
                raise OfficeUnavailable(
                    "The server is shutting down; send the query again in a moment.",
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            if self._by_key[key] >= self.per_key:
                raise _busy(
                    f"This key already has {self.per_key} queries running, the most one key may "
                    "run at once; wait for one to finish before sending another."
                )
            if self._by_office[office_id] >= self.per_office:
                raise _busy(
                    f"This office already has {self.per_office} queries running, the most it "
                    "may run at once; send the query again in a moment."
                )
            if self._running >= self.threads:
                raise _busy(
                    "The server is running as many long queries as it can at once; send the "
                    "query again in a moment."
                )
            self._running += 1
            self._by_key[key] += 1
            self._by_office[office_id] += 1

    def _release(self, key: str, office_id: int) -> None:
        with self._lock:
            self._running -= 1
            self._by_key[key] -= 1
            if self._by_key[key] <= 0:
                del self._by_key[key]
            self._by_office[office_id] -= 1
            if self._by_office[office_id] <= 0:
                del self._by_office[office_id]

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)


def _yield_cpu() -> None:
    """Long work runs at a lower CPU priority than the threads serving short requests (Linux
    sets it per thread); where the platform cannot, it simply runs at normal priority."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LONG_WORK_NICENESS)


def _busy(message: str) -> TooManyRequests:
    return TooManyRequests(
        message, code="too_many_queries", headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )
