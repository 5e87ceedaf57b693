"""One run for many concurrent callers asking the same thing.

The verification cache empties at once (every ``max_age`` seconds as a backstop, and on every
credential change), and a client on 32 keep-alive connections then sends 32 requests with one
key that all miss: each ran the same HQ lookup on its own thread, ~32 ORM sessions handing
the interpreter lock round, a stall of up to ~150 ms for every request in flight every 30 s
(bench/fast_path.py's ``/preferences`` p99/p50 up to 5.4, 2.0 without that second). With one
flight per key, the first caller's lookup answers the rest.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    def __init__(self) -> None:
        self._flights: dict[bytes, asyncio.Task[T]] = {}

    async def run(self, key: bytes, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """``work()``'s answer, shared with every caller of the same ``key`` meanwhile.

        Only an answer is shared: a caller that joined a flight that failed runs ``work``
        itself (the error is the first caller's, raised once, never one exception object
        raised in many requests; a refusal is usually cached by then and costs nothing).
        A caller that stops waiting does not stop the flight the others wait on.
        """
        loop = asyncio.get_running_loop()
        flight = self._flights.get(key)
        leads = flight is None or flight.get_loop() is not loop
        if leads:
            flight = loop.create_task(work())
            self._flights[key] = flight
            flight.add_done_callback(functools.partial(self._landed, key))
        assert flight is not None
        await asyncio.wait([flight])
        if leads or (not flight.cancelled() and flight.exception() is None):
            return flight.result()
        return await work()

    def _landed(self, key: bytes, flight: asyncio.Task[T]) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        if not flight.cancelled():
            flight.exception()  # seen: a leader that stopped waiting leaves no "never retrieved"

    def __len__(self) -> int:
        return len(self._flights)
