"""HQ's answers to what an office's own server asks and reports over its link (Service mode).

Verification is the gateway's, unchanged: the office gets the same caller (or the same
refusal, in the same words) HQ would have given, and only for a key of that office. Reports
are trusted only for the link's own office: usage rows and audit events naming another office
are filed under the link's office, never where the office says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.concurrency import run_in_threadpool

from dentin.connector.wire_caller import caller_to_wire, event_from_wire
from dentin.errors import DentinError
from dentin.logs import get_logger
from dentin.runtime import Runtime

log = get_logger("dentin.connector")


def answers(rt: Runtime) -> None:
    async def on_ask(office_id: int, question: dict[str, Any]) -> dict[str, Any]:
        if question.get("q") != "verify" or not isinstance(question.get("authorization"), str):
            return {"error": "HQ does not know this question; update the office's dentin."}
        header = question["authorization"]
        try:
            caller = rt.auth.cached(header, "customer")
            if caller is None:
                caller = await run_in_threadpool(rt.auth.verify, header, "customer")
        except DentinError as exc:
            return {
                "caller": None,
                "status": exc.status_code,
                "code": exc.code,
                "message": exc.message,
            }
        if caller.office_id != office_id:
            return {
                "caller": None,
                "status": 401,
                "code": "wrong_office",
                "message": "This key belongs to another office.",
            }
        return {"caller": caller_to_wire(caller)}

    async def on_report(office_id: int, report: dict[str, Any]) -> None:
        await run_in_threadpool(_file, rt, office_id, report)

    rt.links.on_ask = on_ask
    rt.links.on_report = on_report


def _file(rt: Runtime, office_id: int, report: dict[str, Any]) -> None:
    for row in report.get("usage") or []:
        try:
            day = dt.date.fromisoformat(str(row["day"]))
            counts = (int(row["requests"]), int(row["errors_4xx"]), int(row["errors_5xx"]))
            developer = row.get("developer_id")
            rt.meter.add(
                str(row["meter_id"])[:40],
                day,
                developer if isinstance(developer, int) else None,
                office_id,
                counts,
            )
        except (KeyError, TypeError, ValueError):
            log.warning("office_report_bad_usage_row", office_id=office_id)
    for data in report.get("events") or []:
        event = event_from_wire(data, office_id)
        if event is not None:
            rt.hq.record(event)
    if report.get("cc") is True:
        rt.hq.changed()
