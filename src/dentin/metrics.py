"""Prometheus metrics (``GET /metrics``): what an operator graphs and alerts on.

Requests are counted by route *template* (``/api/v1/patients/{PatNum}``, never the raw path, so
that the series stay few and no id or key reaches the metrics), status and tier. Counts that
live in other parts (the verification cache's hits, connector links, open office databases)
are copied here by ``Sampler`` every few seconds rather than imported by those parts: keys and
the office stay free of any metrics code, and one scrape never walks live structures.

With ``dentin serve --workers N`` the workers share one directory
(``PROMETHEUS_MULTIPROC_DIR``, set by ``serving`` before any worker starts), so whichever
worker answers the scrape reports the whole node: counters and histograms summed, gauges
summed over live workers (``livesum``) or their maximum where a sum means nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Latency buckets for an API whose reads take a millisecond or two and whose ShortQuery may
# take seconds.
_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "dentin_requests",
    "HTTP requests answered, by route template, method, status and caller tier.",
    ("route", "method", "status", "tier"),
)
LATENCY = Histogram(
    "dentin_request_duration_seconds",
    "Time from the request's arrival to the end of its answer, by route template.",
    ("route",),
    buckets=_LATENCY,
)
RATE_LIMITED = Counter(
    "dentin_rate_limit_refusals",
    "Requests refused 429 by a budget: per key, per developer, or the refusal budget "
    "(too many 401/403 from one address or key).",
    ("budget",),
)
CACHE_LOOKUPS = Counter(
    "dentin_cache_lookups",
    "Verification cache lookups by result (hit or miss); hit rate = hit / (hit + miss).",
    ("cache", "result"),
)
CONNECTOR_LINKS = Gauge(
    "dentin_connector_links",
    "Offices whose connector link this node holds now.",
    multiprocess_mode="livesum",
)
NODE_RELAYS = Counter(
    "dentin_node_relays",
    "Requests for a connected office relayed between HQ processes: sent to the process "
    "holding the office's link, or served for another process, by result (answered, "
    "refused by the holder, unreachable holder, stale map entry, Redis down).",
    ("role", "result"),
)
OFFICE_DATABASES = Gauge(
    "dentin_office_databases_open",
    "Office databases this node keeps open (each a connection pool and cached lookups).",
    multiprocess_mode="livesum",
)
EVENT_LAG = Histogram(
    "dentin_event_delivery_lag_seconds",
    "API Events: from the change in the office database to the receiver's 2xx.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0, 300.0, 3600.0),
)


# The labelled series each request updates, by label values: ``labels()`` validates and
# converts its values and takes the metric's lock on every call, which cost as much as the
# update itself. The keys are as few as the series (route templates, methods, statuses, tiers).
_counted: dict[tuple[str, str, int, str], Counter] = {}
_timed: dict[str, Histogram] = {}


def observe_request(route: str, method: str, status: int, tier: str, seconds: float) -> None:
    key = (route, method, status, tier)
    counter = _counted.get(key)
    if counter is None:
        counter = _counted[key] = REQUESTS.labels(route, method, str(status), tier)
    counter.inc()
    timer = _timed.get(route)
    if timer is None:
        timer = _timed[route] = LATENCY.labels(route)
    timer.observe(seconds)


def render() -> tuple[bytes, str]:
    """The exposition text: this process's registry, or every worker's when they share a
    directory."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE
    return generate_latest(), CONTENT_TYPE


class Sampler:
    """Copies counts kept elsewhere into the metrics, on a timer and before each scrape.

    ``sources`` return the current value of a monotonic count (cache hits and misses) or a
    level (links open); counts are added as the difference since the last sample, so a
    process's counters stay counters.
    """

    def __init__(self) -> None:
        self._counts: list[tuple[Callable[[], int], Callable[[float], None]]] = []
        self._levels: list[tuple[Callable[[], int], Gauge]] = []
        self._last: dict[int, int] = {}
        self._lock = threading.Lock()

    def count(self, read: Callable[[], int], counter: Counter) -> None:
        self._counts.append((read, counter.inc))

    def level(self, read: Callable[[], int], gauge: Gauge) -> None:
        self._levels.append((read, gauge))

    def sample(self) -> None:
        with self._lock:
            for index, (read, add) in enumerate(self._counts):
                now = read()
                before = self._last.get(index, 0)
                if now > before:
                    add(now - before)
                self._last[index] = now
            for read, gauge in self._levels:
                gauge.set(read())
