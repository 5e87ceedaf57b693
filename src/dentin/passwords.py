"""People's passwords (developers, practice users, operators): argon2id, never a fast hash.

Unlike machine keys, passwords are chosen by people and guessable, so each check is made
deliberately slow. One shared hasher keeps the parameters in one place; ``needs_rehash`` lets a
later change of parameters upgrade stored hashes at the next successful sign-in.

Each hash costs ~64 MiB and a core for a fraction of a second, so a burst of sign-ins could eat
the server's memory and every other tenant's CPU. A process-wide gate lets only a few hashes run
at once; a caller that cannot get a slot soon is refused with 429 instead of joining a queue
that would only grow under attack.
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
from collections.abc import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dentin.errors import TooManyRequests

MIN_LENGTH = 12
MAX_LENGTH = 1024
DEFAULT_CONCURRENCY = 4
DEFAULT_WAIT_SECONDS = 1.0

_hasher = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """Verified against when the account does not exist, so a miss costs as much as a hit and
    the response time does not reveal which sign-in names exist. Made on first use, not at
    import: a hash costs ~150 ms of CPU, and every CLI command and server process imports this
    module, most never to check a password."""
    return _hasher.hash("dentin-timing-equaliser")


class Gate:
    """At most ``concurrency`` password hashes at once; a slot is waited for ``wait`` seconds.

    A thread already holding a slot may hash again without a second slot, so an action can
    take its slot before the work that precedes a check (see ``office.users.verify``).
    """

    def __init__(
        self, concurrency: int = DEFAULT_CONCURRENCY, wait: float = DEFAULT_WAIT_SECONDS
    ) -> None:
        if concurrency < 1:
            raise ValueError("password hash concurrency must be at least 1")
        self.concurrency = concurrency
        self.wait = max(0.0, wait)
        self._slots = threading.BoundedSemaphore(concurrency)
        self._held = threading.local()

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        if getattr(self._held, "slot", False):
            yield
            return
        if not self._slots.acquire(timeout=self.wait):
            retry = max(1, math.ceil(self.wait))
            raise TooManyRequests(
                "The server is checking too many passwords at once right now; nothing was "
                f"changed. Retry after {retry} second(s).",
                code="busy_password_checks",
                headers={"Retry-After": str(retry)},
            )
        self._held.slot = True
        try:
            yield
        finally:
            self._held.slot = False
            self._slots.release()


_gate = Gate()


def configure(concurrency: int = DEFAULT_CONCURRENCY, wait: float = DEFAULT_WAIT_SECONDS) -> None:
    """Size the process-wide gate from the settings (``Runtime.build`` calls this)."""
    global _gate
    if (concurrency, wait) != (_gate.concurrency, _gate.wait):
        _gate = Gate(concurrency, wait)


def slot() -> contextlib.AbstractContextManager[None]:
    """Hold one hashing slot across a check and the bookkeeping before it (429 if none)."""
    return _gate.slot()


def problem(password: str) -> str | None:
    """Why this password is refused, as one sentence, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters long."
    if not password.strip():
        return "Password must not be only spaces."
    return None


def hash_password(password: str) -> str:
    with _gate.slot():
        return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; an empty or corrupt hash never matches."""
    with _gate.slot():
        if not stored_hash:
            _burn(password)
            return False
        try:
            return _hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _burn(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _hasher.verify(_dummy(), password)
