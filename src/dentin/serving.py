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
import os
import shutil
import tempfile
from typing import IO

from fastapi import FastAPI

from dentin.config import Settings, get_settings
from dentin.heap import settle_heap
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
