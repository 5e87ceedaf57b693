"""Per-CustomerKey (or token) and per-developer rate limits, with the headers clients expect.

Built on the ``limits`` library's moving window: exact, so ``Retry-After`` is the moment a
slot really frees (never earlier than the window's end for the oldest hit). Counters live in
memory on one node and in Redis when ``DENTIN_REDIS_URL`` is set, so N nodes share one budget.

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
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from dentin.errors import TooManyRequests

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
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._tiers: dict[str, tuple[Budget, Budget]] = {}
        for tier, (per_key, per_developer) in (limits or DEFAULT_LIMITS).items():
            self._tiers[tier] = (
                Budget("key", parse(per_key)),
                Budget("developer", parse(per_developer)),
            )

    def budgets(self, tier: str) -> tuple[Budget, Budget]:
        return self._tiers.get(tier) or self._tiers["standard"]

    def check(self, tier: str, meter_id: str, developer_id: int | None) -> list[tuple[str, str]]:
        """Count one request; return the headers to send, or raise 429 with them.

        The key's budget is reported in the headers (it is the one a client paces itself
        by); the developer-wide budget only shows when it is the one that refuses.
        """
        key_budget, dev_budget = self.budgets(tier)
        checks = [(key_budget, meter_id)]
        if developer_id is not None:
            checks.append((dev_budget, f"developer:{developer_id}"))
        headers: list[tuple[str, str]] = []
        for budget, ident in checks:
            allowed = self._limiter.hit(budget.item, ident)
            if allowed and budget is not key_budget:
                continue  # the developer-wide budget is only reported when it refuses
            stats = self._limiter.get_window_stats(budget.item, ident)
            reset_in = max(0, math.ceil(stats.reset_time - time.time()))
            headers = _headers(budget, stats.remaining, reset_in, stats.reset_time)
            if not allowed:
                retry = max(1, reset_in)
                who = "this key" if budget is key_budget else "this developer's keys together"
                raise TooManyRequests(
                    f"Rate limit exceeded: {who} may make {budget.item.amount} requests per "
                    f"{budget.item.get_expiry()} seconds. Retry after {retry} seconds.",
                    headers={**dict(headers), "Retry-After": str(retry)},
                )
        return headers


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
