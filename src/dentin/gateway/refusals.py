"""A budget for refused requests (401/403), per client address and per DeveloperKey.

Every refusal costs a verification (a keyed hash and indexed lookups) and answers a guess, so
without a budget a script may try keys as fast as the server replies. Refusals are counted when
a 401/403 goes out, in the ``limits`` sliding-window counters (Redis when several nodes run, so
they share one budget). An identity whose budget is spent is remembered on this node until the
window admits another refusal, and is answered 429 before any verification work; another node
learns it at its own next refusal, which costs that node one verification at most. Good traffic
pays nothing: while nothing is blocked, the check is one truth test.

The counters never see a secret: a DeveloperKey (or Bearer token) is reduced to a keyed digest
first. IPv6 clients are counted per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import SlidingWindowCounterSupport
from limits.strategies import SlidingWindowCounterRateLimiter

from dentin.counters import storage_for
from dentin.errors import Unauthorized
from dentin.gateway import credentials
from dentin.gateway.ratelimit import remaining_and_retry
from dentin.keys import formats

DEFAULT_PER_ADDRESS = "60/minute"
DEFAULT_PER_KEY = "120/minute"


@dataclass(frozen=True, slots=True)
class Blocked:
    """Why a request is turned away before verification, and when to come back."""

    message: str
    retry_after: int


class RefusalBudget:
    def __init__(
        self,
        secret: bytes,
        *,
        per_address: str = DEFAULT_PER_ADDRESS,
        per_key: str = DEFAULT_PER_KEY,
        storage_uri: str = "memory://",
        max_blocked: int = 100_000,
    ) -> None:
        storage = storage_for(storage_uri)
        assert isinstance(storage, SlidingWindowCounterSupport)
        self._storage = storage
        self._limiter = SlidingWindowCounterRateLimiter(storage)
        self.per_address = parse(per_address)
        self.per_key = parse(per_key)
        self._digest_key = hashlib.blake2b(
            secret, digest_size=32, person=b"dentin-refusal"
        ).digest()
        self._max_blocked = max_blocked
        # identity -> time.monotonic() at which this node admits it again
        self._blocked_addresses: dict[str, float] = {}
        self._blocked_keys: dict[str, float] = {}

    @property
    def blocking(self) -> bool:
        """Whether anything is blocked at all; the hot path asks only this."""
        return bool(self._blocked_addresses or self._blocked_keys)

    def check(self, host: str | None, authorization: str | None) -> Blocked | None:
        """Before any work: has this request's address or key spent its refusal budget?"""
        now = time.monotonic()
        if host is not None and self._blocked_addresses:
            wait = _waiting(self._blocked_addresses, address_identity(host), now)
            if wait:
                return Blocked(
                    f"Too many refused requests (401/403) from your address: at most "
                    f"{_rate(self.per_address)} are allowed. Check the Authorization header and "
                    f"retry after {wait} seconds.",
                    wait,
                )
        if self._blocked_keys:
            ident = self.key_identity(authorization)
            wait = _waiting(self._blocked_keys, ident, now) if ident is not None else 0
            if wait:
                return Blocked(
                    f"Too many refused requests (401/403) with this key: at most "
                    f"{_rate(self.per_key)} are allowed. Check the key's status in the Developer "
                    f"Portal and retry after {wait} seconds.",
                    wait,
                )
        return None

    def refused(self, host: str | None, authorization: str | None) -> None:
        """Count one 401/403; an identity that spent its budget is blocked from the next request."""
        if host is not None:
            self._count(
                self.per_address, "address", address_identity(host), self._blocked_addresses
            )
        ident = self.key_identity(authorization)
        if ident is not None:
            self._count(self.per_key, "key", ident, self._blocked_keys)

    def key_identity(self, authorization: str | None) -> str | None:
        """A keyed digest of the DeveloperKey (or the Bearer token), or None if there is none."""
        if not authorization:
            return None
        try:
            credential = credentials.parse(authorization)
        except Unauthorized:
            return None  # a malformed header: the per-address budget counts it
        if isinstance(credential, credentials.KeyPair):
            secret = credential.developer_key
        elif formats.parse_practice_token(credential.token) is not None:
            secret = credential.token
        else:
            return None
        return hashlib.blake2b(secret.encode(), digest_size=16, key=self._digest_key).hexdigest()

    def _count(self, item: RateLimitItem, kind: str, ident: str, blocked: dict[str, float]) -> None:
        counter = f"refusals:{kind}:{ident}"
        allowed = self._limiter.hit(item, counter)
        remaining, retry = remaining_and_retry(self._storage, item, counter)
        if allowed and remaining > 0:
            return
        if len(blocked) >= self._max_blocked:
            _forget_expired(blocked, time.monotonic())
            while len(blocked) >= self._max_blocked:
                del blocked[next(iter(blocked))]
        blocked[ident] = time.monotonic() + retry


def address_identity(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _waiting(blocked: dict[str, float], ident: str, now: float) -> int:
    """Whole seconds until ``ident`` is admitted again (0: it is not blocked)."""
    until = blocked.get(ident)
    if until is None:
        return 0
    if until <= now:
        del blocked[ident]
        return 0
    return max(1, math.ceil(until - now))


def _forget_expired(blocked: dict[str, float], now: float) -> None:
    for ident in [i for i, until in blocked.items() if until <= now]:
        del blocked[ident]


def _rate(item: RateLimitItem) -> str:
    seconds = item.get_expiry()
    per = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}.get(seconds)
    return f"{item.amount} per {per}" if per else f"{item.amount} per {seconds} seconds"
