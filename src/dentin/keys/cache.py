"""The verification cache that makes the gateway's hot path a dictionary lookup.

Correctness rests on one rule: any change to a credential, a developer or an office bumps the
generation and empties the cache, and a lookup that started before a bump may not store its
(possibly stale) answer. Other nodes and processes are told through the invalidation bus (Redis
pub/sub) and the HQ change generation (see ``dentin.gateway.change_watch``).

What the cache holds is bounded whatever a client sends:

- entries are filed under a keyed 16-byte digest of the key, never the key itself, so a client
  padding its Authorization header cannot make the cache hold its bytes (and no secret sits in
  the cache in clear);
- accepted and refused verdicts are bounded separately, each evicting its oldest entry when
  full: refusals are cheap to produce (any made-up header), so a flood of them may only churn
  its own, smaller share and never evicts a verified caller.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")

DIGEST_SIZE = 16


class VerificationCache(Generic[V]):
    def __init__(
        self, max_entries: int = 100_000, max_age: float = 30.0, max_negative: int = 10_000
    ) -> None:
        self._positive: OrderedDict[bytes, V] = OrderedDict()
        self._negative: OrderedDict[bytes, V] = OrderedDict()
        # Keyed per process: nobody can craft a header whose digest lands on another's entry.
        # Copying a keyed hasher is cheaper than keying a new one on every lookup.
        self._keyed = hashlib.blake2b(digest_size=DIGEST_SIZE, key=secrets.token_bytes(16))
        # A backstop for a lost invalidation message: no entry outlives this many seconds.
        self._max_age = max_age
        self._born = time.monotonic()
        self._generation = 0
        self._max = max_entries
        self._max_negative = max_negative
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        # Lookups by result, read by the metrics sampler (plain ints: an increment under the
        # GIL may lose a count under contention, which a hit rate does not notice).
        self.hits = 0
        self.misses = 0

    @property
    def generation(self) -> int:
        return self._generation

    def digest(self, key: str) -> bytes:
        hasher = self._keyed.copy()
        hasher.update(key.encode("utf-8", "surrogatepass"))
        return hasher.digest()

    def get(self, key: str) -> V | None:
        if time.monotonic() - self._born > self._max_age:
            self.invalidate(broadcast=False)
            return None
        digest = self.digest(key)
        found = self._positive.get(digest)
        if found is None:
            found = self._negative.get(digest)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, value: V, generation: int, *, negative: bool = False) -> None:
        """Store a verdict; ``negative`` files it with the refusals' smaller, separate bound."""
        digest = self.digest(key)
        with self._lock:
            if generation != self._generation:
                return
            entries, bound = (
                (self._negative, self._max_negative) if negative else (self._positive, self._max)
            )
            entries.pop(digest, None)
            while len(entries) >= bound > 0:
                entries.popitem(last=False)
            if bound > 0:
                entries[digest] = value

    def invalidate(self, *, broadcast: bool = True) -> None:
        with self._lock:
            self._generation += 1
            self._positive = OrderedDict()
            self._negative = OrderedDict()
            self._born = time.monotonic()
        if broadcast:
            for listener in self._listeners:
                listener()

    def on_invalidate(self, listener: Callable[[], None]) -> None:
        """Register a hook (the Redis publisher) that tells other nodes about a change."""
        self._listeners.append(listener)

    def digests(self) -> list[bytes]:
        """The digests held (for inspection: the cache never holds a key's text)."""
        with self._lock:
            return [*self._positive, *self._negative]

    def count(self, *, negative: bool) -> int:
        return len(self._negative if negative else self._positive)

    def __len__(self) -> int:
        return len(self._positive) + len(self._negative)
