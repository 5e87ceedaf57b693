"""The verification cache that makes the gateway's hot path a dictionary lookup.

Correctness rests on one rule: any change to a credential, a developer or an office bumps the
generation and empties the cache, and a lookup that started before a bump may not store its
(possibly stale) answer. Other nodes are told through the invalidation bus (Redis pub/sub).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class VerificationCache(Generic[V]):
    def __init__(self, max_entries: int = 100_000, max_age: float = 30.0) -> None:
        self._entries: dict[str, V] = {}
        # A backstop for a lost invalidation message: no entry outlives this many seconds.
        self._max_age = max_age
        self._born = time.monotonic()
        self._generation = 0
        self._max = max_entries
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    @property
    def generation(self) -> int:
        return self._generation

    def get(self, key: str) -> V | None:
        if time.monotonic() - self._born > self._max_age:
            self.invalidate(broadcast=False)
            return None
        return self._entries.get(key)

    def put(self, key: str, value: V, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            if len(self._entries) >= self._max:
                self._entries.clear()
            self._entries[key] = value

    def invalidate(self, *, broadcast: bool = True) -> None:
        with self._lock:
            self._generation += 1
            self._entries = {}
            self._born = time.monotonic()
        if broadcast:
            for listener in self._listeners:
                listener()

    def on_invalidate(self, listener: Callable[[], None]) -> None:
        """Register a hook (the Redis publisher) that tells other nodes about a change."""
        self._listeners.append(listener)

    def __len__(self) -> int:
        return len(self._entries)
