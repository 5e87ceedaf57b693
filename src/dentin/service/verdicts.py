"""What HQ said about each credential this office's server has seen, with when it said it.

Entries are filed under a keyed digest of the Authorization header. The header itself is kept
in memory only (never written anywhere) so that, when HQ pushes a change, every credential can
be asked about again and a disabled key is refused within a second. While HQ is unreachable an
entry stays usable for the grace period after HQ last confirmed it (Open Dental: 6 hours).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Verdict:
    """HQ's answer: a caller (as the link carries it) or a refusal (status, code, message)."""

    caller: dict[str, Any] | None
    status: int = 401
    code: str = ""
    message: str = ""


@dataclass
class Entry:
    header: str
    verdict: Verdict
    confirmed: float  # time.monotonic() when HQ last said so


class Verdicts:
    def __init__(self, secret: bytes, grace_seconds: float) -> None:
        self._key = hmac.new(secret, b"dentin-service-verdicts", hashlib.sha256).digest()
        self.grace_seconds = grace_seconds
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def digest(self, header: str) -> bytes:
        return hmac.new(self._key, header.encode("utf-8", "surrogateescape"), "blake2b").digest()[
            :16
        ]

    def get(self, header: str, *, hq_reachable: bool) -> Verdict | None:
        entry = self._entries.get(self.digest(header))
        if entry is None:
            return None
        if not hq_reachable and time.monotonic() - entry.confirmed > self.grace_seconds:
            return None  # too long since HQ confirmed it
        return entry.verdict

    def put(self, header: str, verdict: Verdict) -> None:
        key = self.digest(header)
        with self._lock:
            self._entries[key] = Entry(header, verdict, time.monotonic())
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def headers(self) -> list[str]:
        with self._lock:
            return [entry.header for entry in self._entries.values()]

    def forget(self, header: str) -> None:
        with self._lock:
            self._entries.pop(self.digest(header), None)

    def __len__(self) -> int:
        return len(self._entries)
