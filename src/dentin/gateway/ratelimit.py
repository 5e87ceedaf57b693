"""Per-CustomerKey (or token) and per-developer rate limits, with the headers clients expect.

Built on the ``limits`` library's sliding-window counter: two counters per key (this window and
the last, weighted by how much of the last still overlaps), so a check costs the same at 10 or
10,000 requests a minute — the moving window keeps one timestamp per request, and copying and
expiring those lists cost more than the gateway's whole job at high rates. ``Retry-After`` is
computed from the same counters as the earliest moment a retry is admitted, so it never points
before the window allows one. Counters live in memory on one node and in Redis when
``DENTIN_REDIS_URL`` is set, so N nodes (and N workers of one node) share one budget; the
request path then counts through the asyncio Redis client (``acheck``), so the event loop never
waits on Redis.

Defaults (requests per minute) are generous enough for a full sync — Open Dental's own throttle
is one request per second (per five seconds for read-only developers); dentin's standard tier
allows 600 per minute per key:

| developer tier | per key | per developer (all keys) |
|---|---|---|
| standard | 600/minute | 6000/minute |
| professional | 1200/minute | 12000/minute |
| enterprise | 6000/minute | 60000/minute |
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import SlidingWindowCounterSupport as AsyncWindows
from limits.storage import SlidingWindowCounterSupport

from dentin import metrics
from dentin.counters import async_storage_for, storage_for
from dentin.errors import TooManyRequests

KEYS_REMEMBERED = 100_000  # storage keys spelled once; forgotten all at once past this
DEFAULT_LIMITS: dict[str, tuple[str, str]] = {
    "standard": ("600/minute", "6000/minute"),
    "professional": ("1200/minute", "12000/minute"),
    "enterprise": ("6000/minute", "60000/minute"),
}


@dataclass(frozen=True, slots=True)
class Budget:
    name: str
    item: RateLimitItem

    @property
    def policy(self) -> str:
        return f'"{self.name}";q={self.item.amount};w={self.item.get_expiry()}'


class RateLimiter:
    def __init__(
        self, storage_uri: str = "memory://", limits: dict[str, tuple[str, str]] | None = None
    ) -> None:
        storage = storage_for(storage_uri)
        assert isinstance(storage, SlidingWindowCounterSupport)
        self._storage = storage
        shared = async_storage_for(storage_uri, storage)
        assert shared is None or isinstance(shared, AsyncWindows)
        self._async_storage = shared
        self._tiers: dict[str, tuple[Budget, Budget]] = {}
        # Each counter's storage key, as ``limits`` spells it (``RateLimitItem.key_for``),
        # made once per budget and identity: spelling it was a fifth of a check's time.
        self._keys: dict[tuple[Budget, str], str] = {}
        for tier, (per_key, per_developer) in (limits or DEFAULT_LIMITS).items():
            self._tiers[tier] = (
                Budget("key", parse(per_key)),
                Budget("developer", parse(per_developer)),
            )

    def budgets(self, tier: str) -> tuple[Budget, Budget]:
        return self._tiers.get(tier) or self._tiers["standard"]

    def _key(self, budget: Budget, ident: str) -> str:
        key = self._keys.get((budget, ident))
        if key is None:
            if len(self._keys) >= KEYS_REMEMBERED:
                self._keys.clear()
            key = self._keys[(budget, ident)] = budget.item.key_for(ident)
        return key

    def _checks(
        self, tier: str, meter_id: str, developer_id: int | None
    ) -> list[tuple[Budget, str, bool]]:
        """(budget, storage key, is the key's own budget) for each budget a request counts in."""
        key_budget, dev_budget = self.budgets(tier)
        checks = [(key_budget, self._key(key_budget, meter_id), True)]
        if developer_id is not None:
            dev = self._key(dev_budget, f"developer:{developer_id}")
            checks.append((dev_budget, dev, False))
        return checks

    def check(self, tier: str, meter_id: str, developer_id: int | None) -> list[tuple[str, str]]:
        """Count one request; return the headers to send, or raise 429 with them.

        The key's budget is reported in the headers (it is the one a client paces itself
        by); the developer-wide budget only shows when it is the one that refuses.
        """
        headers: list[tuple[str, str]] = []
        storage = self._storage
        for budget, key, is_key in self._checks(tier, meter_id, developer_id):
            # What limits' SlidingWindowCounterRateLimiter.hit does, with the key already spelled.
            item = budget.item
            allowed = storage.acquire_sliding_window_entry(key, item.amount, item.get_expiry())
            if allowed and not is_key:
                continue  # the developer-wide budget is only reported when it refuses
            window = storage.get_sliding_window(key, item.get_expiry())
            headers = _answer(budget, is_key, allowed, window)
        return headers

    async def acheck(
        self, tier: str, meter_id: str, developer_id: int | None
    ) -> list[tuple[str, str]]:
        """``check`` for the event loop: Redis through its asyncio client (memory has no I/O)."""
        if self._async_storage is None:
            return self.check(tier, meter_id, developer_id)
        headers: list[tuple[str, str]] = []
        storage = self._async_storage
        for budget, key, is_key in self._checks(tier, meter_id, developer_id):
            item = budget.item
            allowed = await storage.acquire_sliding_window_entry(
                key, item.amount, item.get_expiry()
            )
            if allowed and not is_key:
                continue
            window = await storage.get_sliding_window(key, item.get_expiry())
            headers = _answer(budget, is_key, allowed, window)
        return headers


def _answer(
    budget: Budget, is_key: bool, allowed: bool, sliding: tuple[int, float, int, float]
) -> list[tuple[str, str]]:
    """The headers for one budget's counters; raises 429 with them when it refused."""
    window = budget.item.get_expiry()
    previous, _prev_ttl, current, current_ttl = sliding
    left = max(0.0, current_ttl - window)  # seconds until the current window ends
    weighted = previous * (left / window) + current
    remaining = max(0, budget.item.amount - math.floor(weighted))
    headers = _headers(budget, remaining, math.ceil(left), time.time() + left)
    if not allowed:
        retry = _retry_after(budget.item.amount, window, previous, current, left)
        who = "this key" if is_key else "this developer's keys together"
        metrics.RATE_LIMITED.labels("key" if is_key else "developer").inc()
        raise TooManyRequests(
            f"Rate limit exceeded: {who} may make {budget.item.amount} requests per "
            f"{window} seconds. Retry after {retry} seconds.",
            headers={**dict(headers), "Retry-After": str(retry)},
        )
    return headers


def remaining_and_retry(
    storage: SlidingWindowCounterSupport, item: RateLimitItem, ident: str
) -> tuple[int, int]:
    """How many more hits ``ident`` may make now, and in how many seconds one more is admitted
    once they are spent (for callers that keep their own counters, such as the refusal budget).
    """
    window = item.get_expiry()
    previous, _prev_ttl, current, current_ttl = storage.get_sliding_window(
        item.key_for(ident), window
    )
    left = max(0.0, current_ttl - window)
    remaining = max(0, item.amount - math.floor(previous * (left / window) + current))
    return remaining, _retry_after(item.amount, window, previous, current, left)


def _retry_after(amount: int, window: int, previous: int, current: int, left: float) -> int:
    """The first whole second at which one more request is admitted.

    ``limits`` admits a request while ``floor(weighted) + 1 <= amount``, i.e. while the
    weighted count is below ``amount``. Within the current window the previous window's
    weight falls linearly to zero; if the current window alone is full, the wait runs into the
    next window, where the current count becomes the previous one and decays in turn.
    """
    if current >= amount:
        wait = left + window * (1 - amount / current)
    elif previous > 0:
        wait = left - window * (amount - current) / previous
    else:
        wait = 0.0
    # Admission needs the weighted count strictly below the limit: step just past the boundary.
    return max(1, math.ceil(wait + 1e-6))


def _headers(
    budget: Budget, remaining: int, reset_in: int, reset_at: float
) -> list[tuple[str, str]]:
    return [
        ("RateLimit-Policy", budget.policy),
        ("RateLimit", f'"{budget.name}";r={remaining};t={reset_in}'),
        ("X-RateLimit-Limit", str(budget.item.amount)),
        ("X-RateLimit-Remaining", str(remaining)),
        ("X-RateLimit-Reset", str(math.ceil(reset_at))),
    ]
