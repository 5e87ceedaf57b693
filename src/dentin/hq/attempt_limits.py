"""Budgets for the unauthenticated doors that run argon2: sign-ins and developer applications.

Each attempt counts against two budgets: the client address (one machine trying many accounts)
and the account name (many machines trying one account, which the lockout alone would let run
a hash per guess for names that do not exist). Over either, the answer is 429 with
``Retry-After`` before any password is hashed. Counters use the ``limits`` library's moving
window, in memory on one node or in Redis when ``DENTIN_REDIS_URL`` is set, as the gateway's
rate limits do; at these small budgets one timestamp per attempt costs nothing.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

from limits import RateLimitItem, parse
from limits.storage import MovingWindowSupport
from limits.strategies import MovingWindowRateLimiter

from dentin.counters import storage_for
from dentin.errors import TooManyRequests

Kind = Literal["sign-in", "application"]
DEFAULT_SIGN_IN = ("30/minute", "10/minute")
DEFAULT_APPLICATION = ("20/hour", "5/hour")
_NOUNS: dict[Kind, str] = {"sign-in": "sign-in attempts", "application": "applications"}


@dataclass(frozen=True, slots=True)
class Budgets:
    per_address: RateLimitItem
    per_account: RateLimitItem

    @classmethod
    def parse(cls, limits: tuple[str, str]) -> Budgets:
        return cls(parse(limits[0]), parse(limits[1]))


class AttemptLimiter:
    def __init__(
        self,
        storage_uri: str = "memory://",
        *,
        sign_in: tuple[str, str] = DEFAULT_SIGN_IN,
        application: tuple[str, str] = DEFAULT_APPLICATION,
    ) -> None:
        storage = storage_for(storage_uri)
        assert isinstance(storage, MovingWindowSupport)
        self._limiter = MovingWindowRateLimiter(storage)
        self._budgets: dict[Kind, Budgets] = {
            "sign-in": Budgets.parse(sign_in),
            "application": Budgets.parse(application),
        }

    def check(self, kind: Kind, address: str, account: str) -> None:
        """Count one attempt, or raise 429 saying which budget ran out and when to retry."""
        budgets = self._budgets[kind]
        checks = (
            (budgets.per_address, "address", address or "unknown", "from your address"),
            (budgets.per_account, "account", account.strip().lower(), "for this account"),
        )
        for item, scope, ident, whose in checks:
            if self._limiter.hit(item, "attempts", kind, scope, ident):
                continue
            reset_at = self._limiter.get_window_stats(item, "attempts", kind, scope, ident)[0]
            retry = max(1, math.ceil(reset_at - time.time()))
            raise TooManyRequests(
                f"Too many {_NOUNS[kind]} {whose}: at most {_per(item)}. Nothing was checked; "
                f"retry after {retry} second(s).",
                code="too_many_attempts",
                headers={"Retry-After": str(retry)},
            )


def _per(item: RateLimitItem) -> str:
    unit = item.GRANULARITY.name
    window = unit if item.multiples == 1 else f"{item.multiples} {unit}s"
    return f"{item.amount} per {window}"
