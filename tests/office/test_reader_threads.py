"""Office reads run on the reader threads and come back to the awaiting request: the answer,
the error the read raised, and nothing at all for a request that stopped waiting. An office on
SQLite is read by the one SQLite reader (shared by all such offices); helpers join it only
while it is held by a long read."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

from dentin.office.routes import reads

DB: Any = None  # office_read names the office; these reads touch none (pooled threads)


@dataclass
class Office:
    dialect: str


SQLITE: Any = Office("sqlite")


def _where() -> str:
    return threading.current_thread().name


async def test_a_read_runs_on_a_reader_thread_and_its_answer_comes_back() -> None:
    name = await reads.office_read(DB, _where)
    assert name.startswith("dentin-read_") and name != threading.current_thread().name


async def test_the_error_a_read_raises_is_raised_in_the_request_that_awaited_it() -> None:
    def broken() -> None:
        raise LookupError("no such row")

    with pytest.raises(LookupError, match="no such row"):
        await reads.office_read(DB, broken)
    assert (await reads.office_read(DB, lambda: 7)) == 7  # the reader lives on


async def test_a_request_that_stops_waiting_leaves_the_readers_serving_the_others() -> None:
    release = threading.Event()
    slow = asyncio.ensure_future(reads.office_read(DB, release.wait, 5))
    await asyncio.sleep(0.05)
    slow.cancel()
    release.set()  # the read finishes after its request gave up: its answer is dropped
    with pytest.raises(asyncio.CancelledError):
        await slow
    answers = await asyncio.gather(*(reads.office_read(DB, lambda i=i: i * 2) for i in range(50)))
    assert answers == [i * 2 for i in range(50)]


async def test_reads_overlap_on_as_many_threads_as_there_are_readers() -> None:
    barrier = threading.Barrier(reads.READER_THREADS, timeout=5)
    # Each read waits for all the others: this finishes only if they run at the same time.
    await asyncio.gather(
        *(reads.office_read(DB, barrier.wait) for _ in range(reads.READER_THREADS))
    )


async def test_short_sqlite_reads_all_run_on_the_one_sqlite_reader() -> None:
    names = await asyncio.gather(*(reads.office_read(SQLITE, _where) for _ in range(200)))
    assert set(names) == {"dentin-sqlite-read"}


async def test_a_long_sqlite_read_holds_up_the_others_only_until_a_helper_takes_them() -> None:
    release = threading.Event()
    long = asyncio.ensure_future(reads.office_read(SQLITE, release.wait, 10))
    await asyncio.sleep(0.01)
    started = time.monotonic()
    try:
        names = await asyncio.wait_for(
            asyncio.gather(*(reads.office_read(SQLITE, _where) for _ in range(20))), 5
        )
        waited = time.monotonic() - started
    finally:
        release.set()
    assert await long is True
    assert set(names) == {"dentin-sqlite-help_1"}  # the reader was still in the long read
    assert waited < 1.0


async def test_helpers_join_one_at_a_time_as_each_before_them_is_held() -> None:
    releases = [threading.Event() for _ in range(reads.SQLITE_HELPERS + 1)]

    def held_until(release: threading.Event) -> str:
        release.wait(10)
        return _where()

    held = [asyncio.ensure_future(reads.office_read(SQLITE, held_until, e)) for e in releases]
    try:
        await asyncio.sleep(0.05 * len(releases) + 0.2)  # each helper joins after the last
        late = asyncio.ensure_future(reads.office_read(SQLITE, _where))
        await asyncio.sleep(0.2)
        assert not late.done()  # every reader and helper is held: it waits its turn
    finally:
        for e in releases:
            e.set()
    names = await asyncio.gather(*held)
    assert sorted(names) == sorted(
        ["dentin-sqlite-read", *(f"dentin-sqlite-help_{i}" for i in range(1, len(releases)))]
    )
    assert (await late).startswith("dentin-sqlite-")
