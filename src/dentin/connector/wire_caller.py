"""The verified caller and the office's events, as they cross the link (plain JSON)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dentin.caller import Actor, Caller
from dentin.errors import Unauthorized
from dentin.office.outbound import OfficeEvent


def caller_to_wire(caller: Caller) -> dict[str, Any]:
    return {
        "kind": caller.kind,
        "developer_id": caller.developer_id,
        "developer_name": caller.developer_name,
        "permissions": sorted(caller.permissions),
        "office_id": caller.office_id,
        "customer_key_id": caller.customer_key_id,
        "token_id": caller.token_id,
        "developer_tier": caller.developer_tier,
        "meter_id": caller.meter_id,
        "extra_headers": [list(h) for h in caller.extra_headers],
        "valid_until": None if caller.valid_until == float("inf") else caller.valid_until,
    }


def caller_from_wire(data: Mapping[str, Any]) -> Caller:
    try:
        kind = data["kind"]
        if kind not in ("customer", "portal", "token"):
            raise ValueError(kind)
        return Caller(
            kind=kind,
            developer_id=_opt_int(data.get("developer_id")),
            developer_name=str(data.get("developer_name", "")),
            permissions=frozenset(str(p) for p in data.get("permissions", [])),
            office_id=_opt_int(data.get("office_id")),
            customer_key_id=_opt_int(data.get("customer_key_id")),
            token_id=_opt_int(data.get("token_id")),
            developer_tier=str(data.get("developer_tier", "standard")),
            meter_id=str(data.get("meter_id", "")),
            extra_headers=tuple(
                (str(name), str(value)) for name, value in data.get("extra_headers") or []
            ),
            valid_until=float(data["valid_until"])
            if data.get("valid_until") is not None
            else float("inf"),
        )
    except (KeyError, TypeError, ValueError):
        raise Unauthorized(
            "The relayed request carries no caller this office can read; update HQ and the "
            "connector to the same version.",
            code="relayed_caller_unreadable",
        ) from None


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def event_to_wire(event: OfficeEvent) -> dict[str, Any]:
    return {
        "event": event.event,
        "actor": event.actor.name,
        "source": event.actor.source,
        "subject": event.subject,
        "developer_id": event.developer_id,
        "before": event.before,
        "after": event.after,
    }


def event_from_wire(data: Any, office_id: int) -> OfficeEvent | None:
    """An event the office reported; its office is the link's, whatever the office says."""
    if not isinstance(data, dict) or not isinstance(data.get("event"), str):
        return None
    before, after = data.get("before"), data.get("after")
    developer_id = data.get("developer_id")
    return OfficeEvent(
        event=data["event"][:60],
        actor=Actor(str(data.get("actor", "office"))[:200], str(data.get("source", ""))[:64]),
        office_id=office_id,
        subject=str(data.get("subject", ""))[:200],
        developer_id=developer_id if isinstance(developer_id, int) else None,
        before=before if isinstance(before, dict) else None,
        after=after if isinstance(after, dict) else None,
    )
