"""Where an office read runs: on a small pool of reader threads, never on the event loop.

Measured on bench/fast_path.py's patient read (server CPU per request, loopback, 32
connections): anyio's 40-thread pool (a FastAPI ``def`` route, or ``run_in_threadpool``)
1,120 µs; four dedicated reader threads 960 µs; the read run on the event loop itself 830 µs,
with lower throughput (SQLite releases the GIL while it reads, so the threads overlap it with
the loop's own work). Forty threads spend the difference handing the GIL to each other; four
keep SQLite busy without that. The loop stays free: a deep ``Offset`` page or a cold disk
never stalls the other requests. Offices on SQLite and on PostgreSQL share the four: SQLite
reads on several threads at once scale since SQLite stopped counting its allocations under
one process-wide mutex (dentin/sqlite_setup.py): 100-row ``/patients/Simple`` pages under 32
connections went from ~1,200 a second on one SQLite reader thread to ~1,450 on the four.

A read of a few rows by key on SQLite (one patient, one patient's appointments, the cached
preferences) is the exception: ``office_point_read`` runs it on the loop itself. On this
2-core VM the hand-off to a reader thread and back (a queue wake-up, GIL hand-overs, the
loop's wake-up) cost ~165 µs of CPU per request in process, twice the read's own 70 µs;
under 32 connections the patient read went from 2,100 to 3,200 req/s on the loop
(bench/fast_path.py). Such a read cannot wait on a network (SQLite is a local file) or on
a writer (WAL: readers never wait for one); should one still take longer than
``INLINE_LIMIT_SECONDS`` ``SLOW_IN_A_ROW`` times in a row (a cold disk), that kind of read
goes to the threads for ``SLOW_SECONDS`` and says so in the log.
``DENTIN_INLINE_POINT_READS=false`` sends every read to the threads.

The hand-off is a queue and the loop's own future, not ``loop.run_in_executor``: the
executor's ``concurrent.futures.Future``, its callbacks and the chaining of its state onto an
asyncio future cost more than the patient read's SQL and serialization together (in process,
on the 100,000-patient bench office: 365 -> 300 µs of CPU per patient read, 547 -> 512 per
appointments page).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, ParamSpec, TypeVar

from dentin.logs import get_logger
from dentin.office.registry import OfficeDatabase

P = ParamSpec("P")
T = TypeVar("T")
READER_THREADS = 4
INLINE_LIMIT_SECONDS = 0.005
SLOW_IN_A_ROW = 3  # one slow read is a first compile or a cold page; three are a pattern
SLOW_SECONDS = 60.0
log = get_logger("dentin.reads")

# (loop, future, call) per read. The threads live as long as the process, as daemons: exit
# never waits on them, and a read in flight then is simply abandoned (reads write nothing).
_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return  # the client went away; the read's answer has no one to go to
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _run(job: _Job) -> None:
    loop, future, call = job
    try:
        result = call()
    except BaseException as exc:  # handed to the awaiting request, raised there
        error: BaseException | None = exc
        result = None
    else:
        error = None
    with contextlib.suppress(RuntimeError):  # that loop closed: nobody awaits this read
        loop.call_soon_threadsafe(_settle, future, result, error)


class _Readers:
    """The reader threads, started on the first read."""

    jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
    started = False
    lock = threading.Lock()

    @classmethod
    def pooled(cls) -> None:
        while True:
            job = cls.jobs.get()
            _run(job)
            del job  # hold no answer while waiting for the next

    @classmethod
    def start(cls) -> None:
        with cls.lock:
            if cls.started:
                return
            for i in range(READER_THREADS):
                threading.Thread(target=cls.pooled, name=f"dentin-read_{i}", daemon=True).start()
            cls.started = True

    @classmethod
    def forget(cls) -> None:
        """A forked child has none of its parent's threads: it starts its own on its first
        read."""
        cls.jobs, cls.started, cls.lock = queue.SimpleQueue(), False, threading.Lock()


os.register_at_fork(after_in_child=_Readers.forget)


async def office_read(
    db: OfficeDatabase, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``fn(*args, **kwargs)`` on a reader thread (``db`` names the office it reads)."""
    if not _Readers.started:
        _Readers.start()
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    _Readers.jobs.put((loop, future, functools.partial(fn, *args, **kwargs)))
    return await future


class _Inline:
    """Whether point reads run on the loop (``DENTIN_INLINE_POINT_READS``), and until when
    each kind of read that ran long there goes to the threads instead."""

    enabled = True
    slow_until: ClassVar[dict[Callable[..., Any], float]] = {}
    slow_runs: ClassVar[dict[Callable[..., Any], int]] = {}


def inline_point_reads(enabled: bool) -> None:
    _Inline.enabled = enabled


async def office_point_read(
    db: OfficeDatabase, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``fn(*args, **kwargs)``, a read of a few rows by key: on the loop for SQLite (see the
    module's docstring), on a reader thread otherwise."""
    if (
        not _Inline.enabled
        or db.dialect != "sqlite"
        or _Inline.slow_until.get(fn, 0.0) > time.monotonic()
    ):
        return await office_read(db, fn, *args, **kwargs)
    # One turn of the loop first, so that what the loop has already received is parsed and
    # queued before this read holds it: without it a run of reads starved some connections
    # (appointments under 32 connections: p99/p50 4.5, with it 1.6, and 14% more req/s).
    await asyncio.sleep(0)
    started = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        spent = time.perf_counter() - started
        runs = _Inline.slow_runs[fn] = (
            _Inline.slow_runs.get(fn, 0) + 1 if spent > INLINE_LIMIT_SECONDS else 0
        )
        if runs >= SLOW_IN_A_ROW:
            _Inline.slow_runs[fn] = 0
            _Inline.slow_until[fn] = time.monotonic() + SLOW_SECONDS
            log.warning(
                "point_read_slow",
                read=getattr(fn, "__qualname__", repr(fn)),
                ms=round(spent * 1000, 2),
                limit_ms=INLINE_LIMIT_SECONDS * 1000,
                next=f"on reader threads for {SLOW_SECONDS:.0f} s",
            )
