"""What this office's server knows of its keys: HQ's snapshot, kept at the office.

HQ pushes over the link, now and on every change, its verdict on every identity of this
office's keys and tokens (which DeveloperKey and CustomerKey, or which token; never a secret)
and the rate limits of every tier. A credential is mapped to its identity the first time it
is seen, by asking HQ, which alone can check the secret (DeveloperKeys are kept at HQ only as
peppered digests). From then on it is answered from the snapshot: a disable, a revoke or a new
grant applies as soon as the push arrives, with no question asked back, and a key the snapshot
says is disabled is refused in HQ's words even while HQ is unreachable.

The mapping is filed under a keyed digest of the Authorization header (this office's own
secret), and the state is saved 0600 in the office's data folder, so a server restarted while
HQ is unreachable still knows its keys. While HQ is unreachable the snapshot is honoured for the
grace period after HQ last confirmed it (Open Dental: 6 hours), then no key is.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dentin.logs import get_logger
from dentin.private_files import FILE_MODE, private_dir

log = get_logger("dentin.service")
MAX_SEEN = 100_000
MAX_UNKNOWN = 10_000
SAVE_EVERY = 60.0  # seconds: how stale the saved "HQ confirmed at" may get while HQ is up
STATE_FILE = "service-keys.json"


@dataclass(frozen=True)
class Verdict:
    """HQ's answer: a caller (as the link carries it) or a refusal (status, code, message)."""

    caller: dict[str, Any] | None
    status: int = 401
    code: str = ""
    message: str = ""

    @classmethod
    def from_wire(cls, data: Any) -> Verdict | None:
        if not isinstance(data, dict):
            return None
        caller = data.get("caller")
        try:
            return cls(
                caller if isinstance(caller, dict) else None,
                int(data.get("status", 401)),
                str(data.get("code", "")),
                str(data.get("message", "")),
            )
        except (TypeError, ValueError):
            return None

    def to_wire(self) -> dict[str, Any]:
        return {
            "caller": self.caller,
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }

    def expired(self, now: float) -> bool:
        """A token past its expiry or rotation grace: HQ must say what it is now."""
        until = (self.caller or {}).get("valid_until")
        return isinstance(until, int | float) and until <= now


class Verdicts:
    def __init__(self, secret: bytes, grace_seconds: float, path: Path | None = None) -> None:
        self._key = hmac.new(secret, b"dentin-service-keys", hashlib.sha256).digest()
        self.grace_seconds = grace_seconds
        self.path = path
        self._seen: OrderedDict[str, str] = OrderedDict()  # header digest -> identity
        self._verdicts: dict[str, Verdict] = {}  # identity -> HQ's verdict
        # Refusals of headers that name no key at all (made-up keys): memory only, bounded,
        # forgotten on every snapshot (the key may exist by then).
        self._unknown: OrderedDict[str, Verdict] = OrderedDict()
        self.limits: dict[str, tuple[str, str]] | None = None
        self.confirmed_at = 0.0  # wall-clock time HQ last confirmed this state
        self.snapshots = 0  # snapshots applied since start (tests and logs)
        self._saved_at = 0.0
        self._lock = threading.RLock()
        if path is not None:
            self._load(path)

    def digest(self, header: str) -> str:
        return hmac.new(
            self._key, header.encode("utf-8", "surrogateescape"), hashlib.sha256
        ).hexdigest()[:32]

    def get(self, header: str, *, hq_reachable: bool) -> Verdict | None:
        """The verdict to act on, or None when HQ must be asked."""
        now = time.time()
        if not hq_reachable and now - self.confirmed_at > self.grace_seconds:
            return None  # too long since HQ confirmed anything
        key = self.digest(header)
        identity = self._seen.get(key)
        if identity is None:
            return self._unknown.get(key)
        verdict = self._verdicts.get(identity)
        if verdict is None or verdict.expired(now):
            return None
        return verdict

    def learn(self, header: str, identity: str | None, verdict: Verdict) -> None:
        """HQ's answer about a header: filed under its identity, or (no such key) apart."""
        key = self.digest(header)
        with self._lock:
            if identity is None:
                if verdict.caller is None:
                    self._unknown[key] = verdict
                    while len(self._unknown) > MAX_UNKNOWN:
                        self._unknown.popitem(last=False)
                return
            new = self._seen.get(key) != identity
            self._seen[key] = identity
            self._seen.move_to_end(key)
            while len(self._seen) > MAX_SEEN:
                self._seen.popitem(last=False)
            self._verdicts[identity] = verdict
            self._unknown.pop(key, None)
        if new:
            self.save()

    def apply(self, snapshot: dict[str, Any]) -> None:
        """HQ's pushed snapshot replaces every verdict and the limits."""
        raw = snapshot.get("verdicts")
        verdicts = {
            str(identity): verdict
            for identity, data in (raw.items() if isinstance(raw, dict) else [])
            if (verdict := Verdict.from_wire(data)) is not None
        }
        limits = _limits(snapshot.get("limits"))
        with self._lock:
            self._verdicts = verdicts
            if limits is not None:
                self.limits = limits
            self._unknown.clear()
            self.confirmed_at = time.time()
            self.snapshots += 1
        self.save()

    def set_limits(self, data: Any) -> None:
        limits = _limits(data)
        if limits is not None:
            self.limits = limits

    def confirm(self) -> None:
        """HQ is reachable now: the state is current (saved at most once a minute)."""
        self.confirmed_at = time.time()
        if self.confirmed_at - self._saved_at >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            data = {
                "version": 1,
                "confirmed_at": self.confirmed_at,
                "limits": self.limits,
                "seen": dict(self._seen),
                "verdicts": {i: v.to_wire() for i, v in self._verdicts.items()},
            }
            self._saved_at = time.time()
        private_dir(self.path.parent)
        partial = self.path.with_name(self.path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w") as out:
            os.fchmod(out.fileno(), FILE_MODE)
            json.dump(data, out)
        os.replace(partial, self.path)

    def _load(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            try:
                data = json.loads(path.read_text())
                seen = data["seen"]
                verdicts = data["verdicts"]
                self.confirmed_at = float(data["confirmed_at"])
            except (ValueError, KeyError, TypeError):
                log.warning("service_keys_unreadable", path=str(path))
                return
            self._seen = OrderedDict((str(k), str(v)) for k, v in seen.items())
            self._verdicts = {
                str(i): v for i, d in verdicts.items() if (v := Verdict.from_wire(d)) is not None
            }
            self.limits = _limits(data.get("limits"))

    def __len__(self) -> int:
        return len(self._seen)


def _limits(data: Any) -> dict[str, tuple[str, str]] | None:
    if not isinstance(data, dict) or "standard" not in data:
        return None
    limits: dict[str, tuple[str, str]] = {}
    for tier, pair in data.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            limits[str(tier)] = (str(pair[0]), str(pair[1]))
    return limits if "standard" in limits else None
