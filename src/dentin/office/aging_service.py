"""The aging service: runs aging once a day at each office's ``AgingServiceTimeDue``.

Open Dental's recipe (seed 000) tells integrators to read ``DateLastAging`` and wait for
``AgingServiceTimeDue`` to pass, so the run must happen at that time of day and set the date;
the date part of ``AgingServiceTimeDue`` means nothing. An office with no time entered is not
aged automatically, as in Open Dental.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import select

from dentin.logs import get_logger
from dentin.office import aging
from dentin.office.models import Preference
from dentin.office.registry import OfficeDatabase

log = get_logger("dentin.aging")
CHECK_EVERY = 60.0  # seconds; a missed minute is caught up on the next check


def parse_time_due(value: str) -> dt.time | None:
    """``0001-01-01 02:00:00`` or ``02:00:00`` → 02:00; empty or unreadable → None."""
    value = value.strip()
    if not value:
        return None
    clock = value.split(" ")[-1] if " " in value else value
    for fmt in ("%H:%M:%S", "%H:%M"):
        try:
            return dt.datetime.strptime(clock, fmt).time()
        except ValueError:
            continue
    return None


def is_due(now: dt.datetime, time_due: dt.time | None, date_last_aging: dt.date | None) -> bool:
    """Due once the day's time has passed and aging has not yet run today."""
    if time_due is None:
        return False
    if date_last_aging is not None and date_last_aging >= now.date():
        return False
    return now.time() >= time_due


def read_schedule(db: OfficeDatabase) -> tuple[dt.time | None, dt.date | None]:
    names = ("AgingServiceTimeDue", "DateLastAging")
    with db.session() as session:
        rows = dict(
            session.execute(
                select(Preference.PrefName, Preference.ValueString).where(
                    Preference.PrefName.in_(names)
                )
            ).all()
        )
    last: dt.date | None
    try:
        last = dt.date.fromisoformat(rows.get("DateLastAging", "")[:10])
    except ValueError:
        last = None
    return parse_time_due(rows.get("AgingServiceTimeDue", "")), last


def run_due(
    databases: Iterable[OfficeDatabase], now: dt.datetime | None = None
) -> list[tuple[int, aging.AgingRun]]:
    """Age every office whose time has come; one office failing does not stop the others."""
    now = now or dt.datetime.now()
    done = []
    for db in databases:
        try:
            time_due, last = read_schedule(db)
            if is_due(now, time_due, last):
                run = aging.recompute(db, now.date())
                log.info(
                    "aging_ran",
                    office_id=db.office_id,
                    changed=run.patients_changed,
                    seconds=round(run.seconds, 3),
                )
                done.append((db.office_id, run))
        except Exception as exc:
            log.error("aging_failed", office_id=db.office_id, error=str(exc))
    return done


class AgingScheduler:
    """An asyncio task in the office process; the recompute itself runs in a worker thread."""

    def __init__(self, databases: Callable[[], Iterable[OfficeDatabase]]) -> None:
        self._databases = databases
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="aging-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.to_thread(lambda: run_due(list(self._databases())))
            await asyncio.sleep(CHECK_EVERY)


def start(databases: Callable[[], Iterable[OfficeDatabase]]) -> AgingScheduler:
    """Start aging every office this process serves; called from the app's lifespan."""
    scheduler = AgingScheduler(databases)
    scheduler.start()
    return scheduler
