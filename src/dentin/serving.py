"""``dentin serve --workers N``: N server processes on one port, each a whole dentin.

Each worker builds its own runtime from the environment (``worker_app``, an app factory the
HTTP server calls in every worker process). What must agree between them already does: keys,
grants and office settings are re-read through the HQ change generation (and Redis pub/sub
when configured), cached office lookups through the office's change counters, so a change made
through one worker is refused or shown by every other within a second. Rate limits, refusal
and sign-in budgets are shared when ``DENTIN_REDIS_URL`` is set; without Redis each worker
counts on its own (``warn_unshared``). With Redis, a connected office's link held by one
worker is reached from the others through that worker's own internal port (``dentin.nodes``). Only one worker runs the daily aging service: the first
to take ``scheduler.lock`` in the data folder.
"""

from __future__ import annotations

import atexit
import fcntl
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from typing import IO, Any

from fastapi import FastAPI

from dentin.config import Settings, get_settings
from dentin.logs import configure, get_logger
from dentin.metrics import MULTIPROC_ENV

_held: list[IO[str]] = []  # the scheduler lock, kept open for the worker's life


def _take_scheduler_lock(settings: Settings) -> bool:
    path = settings.data_dir / "scheduler.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a")  # noqa: SIM115 (held open on purpose)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _held.append(handle)
    return True


RESETTLE_FIRST_SECONDS = 5.0


class _Resettle:
    """A garbage collector callback: after a full collection, once due, freeze what survived.

    What a server builds on first use (compiled statements, each office's engines and
    lookups, routes' dependants: ~23,000 objects on the bench after the five fast_path
    routes) lands in the oldest generation after the start-up freeze, and under load a full
    collection runs every ~0.3 s: each re-scanned it, 6-10 ms with every request stalled, a
    p50 + 7 ms p99 on a 5 ms route (``/preferences``: p99/p50 up to 6.2 in
    bench/fast_path.py). Frozen after warm-up, the same collections take 0.1-0.7 ms.

    Right after a full collection the survivors are exactly what is still reachable (every
    younger generation was merged in and swept), so a freeze then holds no garbage. What it
    may hold is an object that dies later in a reference cycle (a request in flight at that
    moment): frozen, its cycle is never collected. So freezes come at doubling intervals
    from ``RESETTLE_FIRST_SECONDS`` after start (5 s, then 10, 20, 40 s...): frequent while
    the server warms up, about twenty in a year.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.gap = RESETTLE_FIRST_SECONDS
        self.due = clock() + self.gap
        self.times = 0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase != "stop" or info["generation"] != 2:
            return
        now = self.clock()
        if now < self.due:
            return
        gc.freeze()
        self.times += 1
        self.gap *= 2
        self.due = now + self.gap


def settle_heap() -> None:
    """Move everything built so far (routes, models, metadata, compiled statements: about
    185,000 objects) out of the cyclic garbage collector's view, and again after warm-up
    (``_Resettle``).

    The collector's oldest generation re-scans every tracked object; with the app's own
    objects in it a full collection took 300 ms on the bench machine, stalling every request
    in flight and setting the p99 (bench/fast_path.py). Frozen objects are never scanned
    again; what requests allocate is collected as before. Called once, after the app is built
    and before it serves, in the serving process only (tests build many apps and must let
    each be collected).
    """
    gc.collect()
    gc.freeze()
    gc.callbacks[:] = [c for c in gc.callbacks if not isinstance(c, _Resettle)]
    gc.callbacks.append(_Resettle())


def worker_app() -> FastAPI:
    """The app of one worker process (``uvicorn ... --factory``)."""
    from dentin.app import create_app

    settings = get_settings()
    configure(json=settings.log_json)
    if settings.aging_scheduler and not _take_scheduler_lock(settings):
        settings = settings.model_copy(update={"aging_scheduler": False})
    log = get_logger("dentin.serve")
    log.info("worker_started", pid=os.getpid(), aging_scheduler=settings.aging_scheduler)
    app = create_app(settings)
    settle_heap()
    return app


def share_metrics() -> str:
    """A fresh directory the workers write their metrics to (``dentin.metrics``), so that a
    scrape answered by any one of them reports the whole node; removed when the server ends."""
    existing = os.environ.get(MULTIPROC_ENV)
    if existing:
        return existing
    folder = tempfile.mkdtemp(prefix="dentin-metrics-")
    os.environ[MULTIPROC_ENV] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def warn_unshared(settings: Settings, workers: int) -> str | None:
    """What an operator must know before running several workers without Redis."""
    if workers > 1 and not settings.redis_url:
        return (
            f"{workers} workers without DENTIN_REDIS_URL: each worker keeps its own rate-limit, "
            "refusal and sign-in counters, so a key may make up to "
            f"{workers}x its per-minute budget, and a connected (Cloud) office answers only "
            "through the worker that holds its link (503 from the others). Set "
            "DENTIN_REDIS_URL to share them."
        )
    return None
