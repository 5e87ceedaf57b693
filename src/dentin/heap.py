"""The serving process's heap, kept out of the cyclic garbage collector's way.

A full collection re-scans every object it tracks, with every request stalled meanwhile; a
server holds hundreds of thousands of objects that live as long as it does (routes, models,
compiled statements). ``settle_heap`` freezes them (``gc.freeze``): frozen objects are never
scanned again, and what requests allocate is collected as before. Servers call it once before
they serve: ``dentin serve`` and each ``--workers`` worker after building the app, the
office's own Service/Local server and its Cloud connector (``dentin office serve``,
``connect``) after importing theirs, which they build on their event loop (the first re-freeze,
5 s on, takes it in). Tests build many apps and must let each be collected, so nothing else
calls it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

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
    """Freeze everything built so far (routes, models, metadata, compiled statements: about
    185,000 objects for ``dentin serve``), and again after warm-up (``_Resettle``).

    With the app's own objects in the oldest generation a full collection took 300 ms on the
    bench machine, stalling every request in flight and setting the p99 (bench/fast_path.py).
    """
    gc.collect()
    gc.freeze()
    gc.callbacks[:] = [c for c in gc.callbacks if not isinstance(c, _Resettle)]
    gc.callbacks.append(_Resettle())
