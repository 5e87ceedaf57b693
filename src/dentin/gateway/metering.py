"""Usage per credential per day, counted in memory and flushed to HQ in batches.

A request never waits on a usage write: the gateway bumps counters in a dict, and a flusher
writes the accumulated deltas every few seconds (and at shutdown) as additive upserts, so
several nodes flushing into the same rows add up correctly.
"""

from __future__ import annotations

import datetime as dt
import threading

from dentin.caller import Caller
from dentin.hq.usage import Pending, Tally
from dentin.wire import utcnow


class UsageMeter:
    def __init__(self) -> None:
        self._pending = Pending()
        self._lock = threading.Lock()

    def record(self, caller: Caller, status: int, at: dt.datetime | None = None) -> None:
        now = at or utcnow()
        key = (caller.meter_id, now.date())
        with self._lock:
            tally = self._pending.tallies.get(key)
            if tally is None:
                tally = Tally(caller.developer_id, caller.office_id)
                self._pending.tallies[key] = tally
            tally.requests += 1
            if 400 <= status < 500:
                tally.errors_4xx += 1
            elif status >= 500:
                tally.errors_5xx += 1
            self._pending.last_used[caller.meter_id] = now

    def add(
        self,
        meter_id: str,
        day: dt.date,
        developer_id: int | None,
        office_id: int | None,
        counts: tuple[int, int, int],
    ) -> None:
        """Counts an office's own server reported (Service mode): requests, 4xx, 5xx."""
        with self._lock:
            tally = self._pending.tallies.get((meter_id, day))
            if tally is None:
                tally = self._pending.tallies[(meter_id, day)] = Tally(developer_id, office_id)
            tally.requests += counts[0]
            tally.errors_4xx += counts[1]
            tally.errors_5xx += counts[2]
            latest = utcnow()
            if latest.date() == day:
                self._pending.last_used[meter_id] = latest

    def pending_last_used(self, meter_id: str) -> dt.datetime | None:
        """The not-yet-flushed last use, so expiry checks are right between flushes."""
        return self._pending.last_used.get(meter_id)

    def take(self) -> Pending:
        with self._lock:
            taken, self._pending = self._pending, Pending()
        return taken

    def give_back(self, pending: Pending) -> None:
        """A failed flush returns its deltas so nothing is lost."""
        with self._lock:
            for key, tally in pending.tallies.items():
                mine = self._pending.tallies.get(key)
                if mine is None:
                    self._pending.tallies[key] = tally
                else:
                    mine.requests += tally.requests
                    mine.errors_4xx += tally.errors_4xx
                    mine.errors_5xx += tally.errors_5xx
            for meter_id, when in pending.last_used.items():
                current = self._pending.last_used.get(meter_id)
                if current is None or when > current:
                    self._pending.last_used[meter_id] = when
