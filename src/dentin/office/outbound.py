"""What leaves the office for the outside: audit events and credential changes.

The office never imports HQ. Whoever runs it hands its actions an ``Outbound``: HQ writes the
events to its audit log and drops its credential caches; a connector carries them to HQ with
the answer of the request that caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from dentin.caller import Actor


@dataclass(frozen=True)
class OfficeEvent:
    event: str
    actor: Actor
    office_id: int
    subject: str = ""
    developer_id: int | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class Outbound(Protocol):
    def record(self, event: OfficeEvent) -> None:
        """Keep the event for the audit log (it happened; it must not be lost)."""

    def changed(self) -> None:
        """Something a credential's verdict depends on changed (a user's rights)."""


@dataclass
class Collected:
    """An ``Outbound`` that keeps what it is given, for a caller that sends it on later."""

    events: list[OfficeEvent]
    credentials_changed: bool = False

    def record(self, event: OfficeEvent) -> None:
        self.events.append(event)

    def changed(self) -> None:
        self.credentials_changed = True
