"""Where the ``limits`` counters live: this process's memory, or Redis (shared by every node).

``limits``' own memory storage starts a 10 ms ``threading.Timer`` after every hit whenever none
is alive, to expire counters: under load that is up to a hundred new threads a second, each
sweeping every key. This one expires lazily instead: a read already drops an expired counter,
and a sweep of the rest runs at most once a minute, inline, on a hit.
"""

from __future__ import annotations

import time
from typing import Any

from limits.aio.storage import Storage as AsyncStorage
from limits.storage import MemoryStorage, Storage, storage_from_string

SWEEP_SECONDS = 60.0


class MemoryCounters(MemoryStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._next_sweep = time.monotonic() + SWEEP_SECONDS

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer thread
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def storage_for(uri: str) -> Storage:
    """The synchronous storage for ``memory://`` or a Redis URL."""
    if uri.startswith("memory://"):
        return MemoryCounters()
    storage = storage_from_string(uri)
    assert isinstance(storage, Storage)
    return storage


def async_storage_for(uri: str) -> AsyncStorage | None:
    """The asyncio storage for a Redis URL (redis-py's asyncio client), sharing the synchronous
    storage's keys; None for memory, which has no I/O to wait for."""
    if uri.startswith("memory://"):
        return None
    storage = storage_from_string(f"async+{uri}", implementation="redispy")
    assert isinstance(storage, AsyncStorage)
    return storage
