"""The office's API Setup window (seed 000, Setup > Advanced Setup > API), as plain actions.

HQ is the source of truth for the window; the office's ``apikey`` table is a copy kept in step
here, after HQ's transaction commits. Each copy write is idempotent, so repeating an action
(or the next Add Key of the same key) repairs a copy that a crash left behind. A connected
office gets HQ's whole list over its link (now, if the link is up; else when it reconnects).
"""

from __future__ import annotations

from dataclasses import dataclass

from dentin.hq import customer_keys, offices
from dentin.hq.context import HQ, Actor
from dentin.hq.customer_keys import CustomerKeyView, MovedKey, OfficeKeyView
from dentin.hq.office_reach import OfficeReach, reach_of
from dentin.office.registry import OfficeRegistry


@dataclass(frozen=True)
class SetupView:
    office_id: int
    office_name: str
    enabled: bool
    keys: list[OfficeKeyView]


def setup_view(hq: HQ, office_id: int) -> SetupView:
    office = offices.get_office(hq, office_id)
    return SetupView(
        office.id, office.name, office.api_enabled, customer_keys.office_keys(hq, office_id)
    )


def set_enabled(hq: HQ, office_id: int, enabled: bool, actor: Actor) -> SetupView:
    """The Enabled checkbox: off refuses every key of the office from the next request on."""
    offices.set_api_enabled(hq, office_id, enabled, actor)
    return setup_view(hq, office_id)


def add_key(
    hq: HQ, registry: OfficeRegistry | OfficeReach, office_id: int, key: str, actor: Actor
) -> OfficeKeyView:
    """Add Key: assign the pasted CustomerKey here and copy it into the office's ``apikey``."""
    view, dev_name = customer_keys.assign_customer_key(hq, office_id, key, actor)
    reach_of(hq, registry).copy_keys(office_id, upsert=[(view.key, dev_name)])
    return _office_key(hq, office_id, view)


def set_key_status(hq: HQ, office_id: int, key: str, status: str, actor: Actor) -> OfficeKeyView:
    """The practice enables a key or disables it (``DisabledByCustomer``)."""
    view = customer_keys.set_customer_status(hq, office_id, key, status, actor)
    return _office_key(hq, office_id, view)


def move_key(
    hq: HQ,
    registry: OfficeRegistry | OfficeReach,
    developer_id: int | None,
    key: str,
    office_id: int,
    actor: Actor,
    *,
    require_trust: bool = True,
) -> MovedKey:
    """Move a key between offices at HQ, then move its ``apikey`` copy along with it."""
    moved = customer_keys.move_customer_key(
        hq, developer_id, key, office_id, actor, require_trust=require_trust
    )
    reach = reach_of(hq, registry)
    if moved.from_office_id is not None:
        reach.copy_keys(moved.from_office_id, remove=[moved.key.key])
    reach.copy_keys(office_id, upsert=[(moved.key.key, moved.developer_name)])
    return moved


def _office_key(hq: HQ, office_id: int, view: CustomerKeyView) -> OfficeKeyView:
    for item in customer_keys.office_keys(hq, office_id):
        if item.key.id == view.id:
            return item
    return OfficeKeyView(view, "", [])
