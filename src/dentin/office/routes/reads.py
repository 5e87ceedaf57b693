"""Where an office read runs: on a small pool of reader threads, never on the event loop.

Measured on bench/fast_path.py's patient read (server CPU per request, loopback, 32
connections): anyio's 40-thread pool (a FastAPI ``def`` route, or ``run_in_threadpool``)
1,120 µs; four dedicated reader threads 960 µs; the read run on the event loop itself 830 µs,
with lower throughput (SQLite releases the GIL while it reads, so the threads overlap it with
the loop's own work). Forty threads spend the difference handing the GIL to each other; four
keep SQLite busy without that. The loop stays free: a deep ``Offset`` page or a cold disk
never stalls the other requests.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from dentin.office.registry import OfficeDatabase

P = ParamSpec("P")
T = TypeVar("T")
READER_THREADS = 4

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _readers() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        with _lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(READER_THREADS, thread_name_prefix="dentin-read")
    return _pool


async def office_read(
    db: OfficeDatabase, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``fn(*args, **kwargs)`` on a reader thread (``db`` names the office it reads)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_readers(), functools.partial(fn, *args, **kwargs))
