"""Office reads run on the reader threads and come back to the awaiting request: the answer,
the error the read raised, and nothing at all for a request that stopped waiting. Offices on
SQLite and on PostgreSQL share the same readers."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

import pytest

from dentin.office.routes import reads

DB: Any = None  # office_read names the office; these reads touch none


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


async def test_sqlite_reads_overlap_on_every_reader_too() -> None:
    barrier = threading.Barrier(reads.READER_THREADS, timeout=5)
    await asyncio.gather(
        *(reads.office_read(SQLITE, barrier.wait) for _ in range(reads.READER_THREADS))
    )


async def test_a_long_sqlite_read_holds_up_no_other_read() -> None:
    release = threading.Event()
    long = asyncio.ensure_future(reads.office_read(SQLITE, release.wait, 10))
    await asyncio.sleep(0.01)
    try:
        names = await asyncio.wait_for(
            asyncio.gather(*(reads.office_read(SQLITE, _where) for _ in range(20))), 5
        )
    finally:
        release.set()
    assert await long is True
    assert len(names) == 20 and all(name.startswith("dentin-read_") for name in names)
