"""What a command run at a connected office owes HQ: audit events, kept on disk until sent.

``dentin office user ... --database URL`` changes the office's own database without a link to
HQ (the running connector holds the office's one link). Its events go to a file in the
office's data folder, and the connector (``office connect`` or ``office serve``) reports them
to HQ once its link is up, so HQ's audit log and its practice-token reactions (a disabled
user's tokens are revoked) miss nothing. At least once: a batch is deleted only after it was
handed to the link, and one that was not is sent again next time.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from dentin.connector.wire_caller import event_to_wire
from dentin.office.outbound import OfficeEvent
from dentin.private_files import private_dir

FILE = "hq-outbox.jsonl"
SENDING = "hq-outbox.sending.jsonl"
_LOCK = "hq-outbox.lock"


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    private_dir(data_dir)
    fd = os.open(data_dir / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _append(data_dir: Path, entry: dict[str, Any]) -> None:
    with _locked(data_dir):
        fd = os.open(data_dir / FILE, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.write(fd, (json.dumps(entry, separators=(",", ":")) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)


class FileOutbox:
    """An ``Outbound`` that keeps the office's events in its data folder for the connector."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.count = 0

    def record(self, event: OfficeEvent) -> None:
        _append(self.data_dir, {"event": event_to_wire(event)})
        self.count += 1

    def changed(self) -> None:
        _append(self.data_dir, {"cc": True})


def _take(data_dir: Path) -> tuple[list[Any], bool] | None:
    """The pending batch (a batch left unsent last time first), or None when there is none."""
    with _locked(data_dir):
        sending, waiting = data_dir / SENDING, data_dir / FILE
        if not sending.exists():
            if not waiting.exists():
                return None
            waiting.rename(sending)
        events: list[Any] = []
        changed = False
        for line in sending.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash mid-write
            if isinstance(entry, dict) and isinstance(entry.get("event"), dict):
                events.append(entry["event"])
            changed = changed or (isinstance(entry, dict) and entry.get("cc") is True)
        return events, changed


def _sent(data_dir: Path) -> None:
    with _locked(data_dir):
        (data_dir / SENDING).unlink(missing_ok=True)


async def flush(data_dir: Path, report: Callable[[dict[str, Any]], Awaitable[bool]]) -> int:
    """Report the pending events over the link; returns how many went (0: none, or no link)."""
    taken = _take(data_dir)
    if taken is None:
        return 0
    events, changed = taken
    header: dict[str, Any] = {"events": events}
    if changed:
        header["cc"] = True
    if not await report(header):
        return 0
    _sent(data_dir)
    return len(events)
