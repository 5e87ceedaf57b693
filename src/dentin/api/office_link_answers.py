"""HQ's answers to what an office's own server asks and reports over its link (Service mode).

Verification is the gateway's, unchanged: the office gets the same caller (or the same
refusal, in the same words) HQ would have given, and only for a key of that office. Reports
are trusted only for the link's own office: usage rows and audit events naming another office
are filed under the link's office, never where the office says.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool

from dentin.connector.wire_caller import caller_to_wire, event_from_wire
from dentin.errors import DentinError
from dentin.gateway.auth import Refusal
from dentin.gateway.ratelimit import DEFAULT_LIMITS
from dentin.logs import get_logger
from dentin.runtime import Runtime

log = get_logger("dentin.connector")


def answers(rt: Runtime) -> None:
    async def on_ask(office_id: int, question: dict[str, Any]) -> dict[str, Any]:
        if question.get("q") == "snapshot":
            rt.links.subscribe(office_id)  # the snapshot follows as a push, now and on changes
            return {"ok": True}
        if question.get("q") != "verify" or not isinstance(question.get("authorization"), str):
            return {"error": "HQ does not know this question; update the office's dentin."}
        return await run_in_threadpool(_verify, rt, office_id, question["authorization"])

    async def on_report(office_id: int, report: dict[str, Any]) -> None:
        await run_in_threadpool(_file, rt, office_id, report)

    rt.links.on_ask = on_ask
    rt.links.on_report = on_report
    rt.links.snapshot_of = lambda office_id: orjson.dumps(snapshot(rt, office_id))


def _verify(rt: Runtime, office_id: int, header: str) -> dict[str, Any]:
    """The gateway's verdict on one header, and the identity the office files it under."""
    try:
        caller = rt.auth.verify(header, "customer")
    except DentinError as exc:
        verdict: dict[str, Any] = {
            "caller": None,
            "status": exc.status_code,
            "code": exc.code,
            "message": exc.message,
        }
    else:
        if caller.office_id != office_id:
            return {"caller": None, **_WRONG_OFFICE}
        verdict = {"caller": caller_to_wire(caller)}
    identity = rt.auth.identify(header)
    if identity is not None:
        verdict["identity"] = identity
    verdict["limits"] = _limits(rt)
    return verdict


_WRONG_OFFICE = {
    "status": 401,
    "code": "wrong_office",
    "message": "This key belongs to another office.",
}


def snapshot(rt: Runtime, office_id: int) -> dict[str, Any]:
    """What a Service office keeps of its keys: every identity's verdict (never a secret) and
    the rate limits of every tier, so a change at HQ applies there without a round trip."""
    verdicts: dict[str, Any] = {}
    for identity, verdict in rt.auth.office_verdicts(office_id).items():
        if isinstance(verdict, Refusal):
            verdicts[identity] = {
                "caller": None,
                "status": verdict.status,
                "code": verdict.code,
                "message": verdict.message,
            }
        elif verdict.office_id != office_id:
            verdicts[identity] = {"caller": None, **_WRONG_OFFICE}
        else:
            verdicts[identity] = {"caller": caller_to_wire(verdict)}
    return {"verdicts": verdicts, "limits": _limits(rt), "at": time.time()}


def _limits(rt: Runtime) -> dict[str, list[str]]:
    limits = rt.settings.rate_limits or DEFAULT_LIMITS
    return {tier: list(pair) for tier, pair in limits.items()}


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
