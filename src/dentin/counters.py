"""Where the ``limits`` counters live: this process's memory, or Redis (shared by every node).

``limits``' own memory storage starts a 10 ms ``threading.Timer`` after every hit whenever none
is alive, to expire counters: under load that is up to a hundred new threads a second, each
sweeping every key. This one expires lazily instead: a read already drops an expired counter,
and a sweep of the rest runs at most once a minute, inline, on a hit.

With Redis, a node whose Redis stops answering keeps serving: its counters move to its own
memory (each node then admits a budget of its own: limits degrade to per node, nothing is
refused or failed for want of Redis), and it asks Redis again every second, so shared counting
resumes by itself when Redis is back. Counts made in memory during the outage are not carried
over.
"""

from __future__ import annotations

import time
from typing import Any

from limits.aio.storage import SlidingWindowCounterSupport as AsyncSlidingWindows
from limits.aio.storage import Storage as AsyncStorage
from limits.storage import (
    MemoryStorage,
    MovingWindowSupport,
    SlidingWindowCounterSupport,
    Storage,
    storage_from_string,
)
from redis.exceptions import RedisError

from dentin.logs import get_logger

SWEEP_SECONDS = 60.0
log = get_logger("dentin.counters")


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
    """The synchronous storage for ``memory://`` or a Redis URL (with memory while Redis is
    down)."""
    if uri.startswith("memory://"):
        return MemoryCounters()
    return FallbackStorage(SharedState(uri))


def async_storage_for(uri: str, beside: Storage | None = None) -> AsyncStorage | None:
    """The asyncio storage for a Redis URL (redis-py's asyncio client), sharing the keys of
    the synchronous storage ``beside`` and its memory while Redis is down; None for memory,
    which has no I/O to wait for."""
    if uri.startswith("memory://"):
        return None
    state = beside.state if isinstance(beside, FallbackStorage) else SharedState(uri)
    return AsyncFallbackStorage(state)


# -- Redis, with this process's memory while it does not answer ---------------------------------

# How long a node counts in memory after Redis failed before it asks Redis again.
RETRY_SECONDS = 1.0
# A Redis that does not answer must not hold a request: fail fast and count in memory instead.
_REDIS_OPTIONS: dict[str, Any] = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


class SharedState:
    """Whether this process counts in Redis right now, and the memory it counts in otherwise.

    One per Redis URL and limiter, shared by its synchronous and asyncio storages, so a request
    counted on either path lands in the same place.
    """

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.memory = MemoryCounters()
        self.down = False
        self._retry_at = 0.0

    def use_shared(self) -> bool:
        return not self.down or time.monotonic() >= self._retry_at

    def failed(self, exc: Exception) -> None:
        if not self.down:  # one line per outage, not one per request
            log.warning(
                "shared_counters_unavailable",
                error=type(exc).__name__,
                fallback="rate limits counted by this process alone until Redis answers",
            )
        self.down = True
        self._retry_at = time.monotonic() + RETRY_SECONDS

    def answered(self) -> None:
        if self.down:
            self.down = False
            log.info("shared_counters_restored")


class FallbackStorage(Storage, MovingWindowSupport, SlidingWindowCounterSupport):
    """Redis while it answers; this process's memory while it does not (rechecked every
    ``RETRY_SECONDS``). A Redis outage then degrades shared limits to per-node ones instead of
    failing every request, and shared counting resumes by itself when Redis is back."""

    def __init__(self, state: SharedState) -> None:
        super().__init__()
        self.state = state
        shared = storage_from_string(state.uri, **_REDIS_OPTIONS)
        assert isinstance(shared, Storage)
        assert isinstance(shared, MovingWindowSupport)
        assert isinstance(shared, SlidingWindowCounterSupport)
        self.shared = shared

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return ()  # errors of Redis are handled here, memory raises none

    def _call(self, name: str, *args: Any) -> Any:
        state = self.state
        if state.use_shared():
            try:
                result = getattr(self.shared, name)(*args)
            except RedisError as exc:
                state.failed(exc)
            else:
                state.answered()
                return result
        return getattr(state.memory, name)(*args)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return int(self._call("incr", key, expiry, amount))

    def get(self, key: str) -> int:
        return int(self._call("get", key))

    def get_expiry(self, key: str) -> float:
        return float(self._call("get_expiry", key))

    def check(self) -> bool:
        return bool(self._call("check"))

    def reset(self) -> int | None:
        result: int | None = self._call("reset")
        return result

    def clear(self, key: str) -> None:
        self._call("clear", key)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        return bool(self._call("acquire_entry", key, limit, expiry, amount))

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        result: tuple[float, int] = self._call("get_moving_window", key, limit, expiry)
        return result

    def acquire_sliding_window_entry(
        self, key: str, limit: int, expiry: int, amount: int = 1
    ) -> bool:
        return bool(self._call("acquire_sliding_window_entry", key, limit, expiry, amount))

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        result: tuple[int, float, int, float] = self._call("get_sliding_window", key, expiry)
        return result

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        self._call("clear_sliding_window", key, expiry)


class AsyncFallbackStorage(AsyncStorage, AsyncSlidingWindows):
    """``FallbackStorage`` for the event loop: Redis through its asyncio client, and the same
    in-process memory (no I/O to wait for) while Redis does not answer."""

    def __init__(self, state: SharedState) -> None:
        super().__init__()
        self.state = state
        shared = storage_from_string(
            f"async+{state.uri}", implementation="redispy", **_REDIS_OPTIONS
        )
        assert isinstance(shared, AsyncStorage)
        assert isinstance(shared, AsyncSlidingWindows)
        self.shared = shared

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return ()

    async def _call(self, name: str, *args: Any) -> Any:
        state = self.state
        if state.use_shared():
            try:
                result = await getattr(self.shared, name)(*args)
            except RedisError as exc:
                state.failed(exc)
            else:
                state.answered()
                return result
        return getattr(state.memory, name)(*args)

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return int(await self._call("incr", key, expiry, amount))

    async def get(self, key: str) -> int:
        return int(await self._call("get", key))

    async def get_expiry(self, key: str) -> float:
        return float(await self._call("get_expiry", key))

    async def check(self) -> bool:
        return bool(await self._call("check"))

    async def reset(self) -> int | None:
        result: int | None = await self._call("reset")
        return result

    async def clear(self, key: str) -> None:
        await self._call("clear", key)

    async def acquire_sliding_window_entry(
        self, key: str, limit: int, expiry: int, amount: int = 1
    ) -> bool:
        return bool(await self._call("acquire_sliding_window_entry", key, limit, expiry, amount))

    async def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        result: tuple[int, float, int, float] = await self._call("get_sliding_window", key, expiry)
        return result

    async def clear_sliding_window(self, key: str, expiry: int) -> None:
        await self._call("clear_sliding_window", key, expiry)
