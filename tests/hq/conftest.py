"""Password-hashing stand-ins: count the argon2 checks, make them cheap, or make them hang."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher

from dentin import passwords


class CountingHasher:
    """Delegates to a real argon2 hasher and counts every password check."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified = 0
        self._lock = threading.Lock()

    def verify(self, stored_hash: str, password: str) -> bool:
        with self._lock:
            self.verified += 1
        result: bool = self.real.verify(stored_hash, password)
        return result

    def hash(self, password: str) -> str:
        value: str = self.real.hash(password)
        return value

    def check_needs_rehash(self, stored_hash: str) -> bool:
        result: bool = self.real.check_needs_rehash(stored_hash)
        return result


class HangingHasher(CountingHasher):
    """Every check blocks until ``release`` is set: a server busy hashing, on demand."""

    def __init__(self, real: Any) -> None:
        super().__init__(real)
        self.release = threading.Event()
        self.inside = threading.Semaphore(0)

    def verify(self, stored_hash: str, password: str) -> bool:
        self.inside.release()
        self.release.wait(timeout=60)
        return super().verify(stored_hash, password)


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    """Real argon2 at its lowest cost, counted, so a test can send dozens of sign-ins."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    counting = CountingHasher(cheap)
    monkeypatch.setattr(passwords, "_hasher", counting)
    dummy = cheap.hash("dentin-timing-equaliser")
    monkeypatch.setattr(passwords, "_dummy", lambda: dummy)
    return counting


@pytest.fixture
def counted_hashes(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    """The real, slow argon2 checks, counted."""
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


@pytest.fixture
def hanging_hashes(
    monkeypatch: pytest.MonkeyPatch, cheap_hashes: CountingHasher
) -> Iterator[HangingHasher]:
    hanging = HangingHasher(cheap_hashes.real)
    monkeypatch.setattr(passwords, "_hasher", hanging)
    try:
        yield hanging
    finally:
        hanging.release.set()
