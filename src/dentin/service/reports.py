"""What the office's own server owes HQ: audit events and usage, sent over the link.

Kept in memory and sent every few seconds while the link is up; while it is down they wait
(bounded: the oldest usage days and events beyond the cap are counted as dropped and logged),
so HQ's audit log and usage pages catch up when the link returns.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from dentin.caller import Caller
from dentin.connector.wire_caller import event_to_wire
from dentin.logs import get_logger
from dentin.office.outbound import OfficeEvent

log = get_logger("dentin.service")
MAX_EVENTS = 100_000


class Reports:
    """An ``Outbound`` for the Service's requests, plus its usage counts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[dict[str, Any]] = []
        self._usage: dict[tuple[str, str], list[Any]] = {}
        self._changed = False
        self.dropped = 0

    def record(self, event: OfficeEvent) -> None:
        with self._lock:
            if len(self._events) >= MAX_EVENTS:
                self.dropped += 1
                log.error("service_event_dropped", audit_event=event.event)
                return
            self._events.append(event_to_wire(event))

    def changed(self) -> None:
        with self._lock:
            self._changed = True

    def count(self, caller: Caller, status: int) -> None:
        day = dt.datetime.now(dt.UTC).date().isoformat()
        with self._lock:
            row = self._usage.get((caller.meter_id, day))
            if row is None:
                row = self._usage[(caller.meter_id, day)] = [
                    caller.developer_id,
                    caller.office_id,
                    0,
                    0,
                    0,
                ]
            row[2] += 1
            if 400 <= status < 500:
                row[3] += 1
            elif status >= 500:
                row[4] += 1

    def take(self) -> dict[str, Any] | None:
        with self._lock:
            if not self._events and not self._usage and not self._changed:
                return None
            report = {
                "events": self._events,
                "usage": [
                    {
                        "meter_id": meter,
                        "day": day,
                        "developer_id": row[0],
                        "office_id": row[1],
                        "requests": row[2],
                        "errors_4xx": row[3],
                        "errors_5xx": row[4],
                    }
                    for (meter, day), row in self._usage.items()
                ],
                "cc": self._changed,
            }
            self._events, self._usage, self._changed = [], {}, False
            return report

    def give_back(self, report: dict[str, Any]) -> None:
        """A report that could not be sent waits for the next chance."""
        with self._lock:
            self._events = [*report["events"], *self._events][:MAX_EVENTS]
            for row in report["usage"]:
                key = (row["meter_id"], row["day"])
                mine = self._usage.setdefault(key, [row["developer_id"], row["office_id"], 0, 0, 0])
                mine[2] += row["requests"]
                mine[3] += row["errors_4xx"]
                mine[4] += row["errors_5xx"]
            self._changed = self._changed or bool(report["cc"])
