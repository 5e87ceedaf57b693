"""CustomerKeys: created by a developer, assigned by an office, shown as seed 002 shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dentin.errors import BadRequest, Conflict, NotFound
from dentin.hq import audit
from dentin.hq.context import HQ, Actor
from dentin.hq.models import DEV_REF_ID_MAX, CustomerKey, Developer, Office
from dentin.keys import formats
from dentin.wire import utcnow

ENABLED = "Enabled"
DISABLED_BY_DEVELOPER = "DisabledByDeveloper"
DISABLED_BY_CUSTOMER = "DisabledByCustomer"
DEVELOPER_STATUSES = (ENABLED, DISABLED_BY_DEVELOPER)


@dataclass(frozen=True)
class CustomerKeyView:
    id: int
    key: str
    developer_id: int
    office_id: int | None
    status: str
    date_created: dt.date
    date_disabled: dt.date | None
    datetime_assigned: dt.datetime | None
    dev_ref_id: str


def _view(row: CustomerKey) -> CustomerKeyView:
    return CustomerKeyView(
        id=row.id,
        key=row.key,
        developer_id=row.developer_id,
        office_id=row.office_id,
        status=row.status,
        date_created=row.date_created,
        date_disabled=row.date_disabled,
        datetime_assigned=row.datetime_assigned,
        dev_ref_id=row.dev_ref_id,
    )


def _snapshot(row: CustomerKey) -> dict[str, object]:
    return {
        "KeyStatus": row.status,
        "DevRefId": row.dev_ref_id,
        "office_id": row.office_id,
    }


def list_customer_keys(hq: HQ, developer_id: int) -> list[CustomerKeyView]:
    with hq.read() as session:
        rows = session.scalars(
            select(CustomerKey)
            .where(CustomerKey.developer_id == developer_id)
            .order_by(CustomerKey.id)
        )
        return [_view(r) for r in rows]


def create_customer_key(
    hq: HQ, developer_id: int, actor: Actor, *, key: str | None = None, dev_ref_id: str = ""
) -> CustomerKeyView:
    """A new Enabled key, unassigned until an office adds it (seed 002's POST)."""
    _check_dev_ref_id(dev_ref_id)
    for _attempt in range(5):
        value = key or formats.new_customer_key()
        try:
            with hq.transaction() as session:
                row = CustomerKey(
                    developer_id=developer_id,
                    key=value,
                    key_hash=hq.hasher.digest(value),
                    status=ENABLED,
                    date_created=utcnow().date(),
                    dev_ref_id=dev_ref_id,
                )
                session.add(row)
                session.flush()
                audit.record(
                    session,
                    "customer_key.create",
                    actor,
                    developer_id=developer_id,
                    subject=value,
                    after=_snapshot(row),
                )
                view = _view(row)
        except IntegrityError:
            if key is not None:
                raise Conflict("That CustomerKey already exists.") from None
            continue
        hq.changed()
        return view
    raise Conflict("Could not generate a unique CustomerKey; try again.")


def _check_dev_ref_id(value: str) -> None:
    if len(value) > DEV_REF_ID_MAX:
        raise BadRequest(
            f"DevRefId is {len(value)} characters long; the most it can hold is {DEV_REF_ID_MAX}."
        )


def update_customer_key(
    hq: HQ,
    developer_id: int,
    key: str,
    actor: Actor,
    *,
    status: str | None = None,
    dev_ref_id: str | None = None,
) -> CustomerKeyView:
    """Seed 002's PUT. Another developer's key answers exactly like a missing one."""
    if status is not None and status not in DEVELOPER_STATUSES:
        raise BadRequest(
            f"KeyStatus {status!r} is not accepted: use \"Enabled\" or \"DisabledByDeveloper\"."
        )
    if dev_ref_id is not None:
        _check_dev_ref_id(dev_ref_id)
    with hq.transaction() as session:
        row = session.scalars(
            select(CustomerKey).where(CustomerKey.key_hash == hq.hasher.digest(key))
        ).first()
        if row is None or row.developer_id != developer_id:
            raise NotFound(f"CustomerKey {key!r} was not found among your keys.")
        before = _snapshot(row)
        events: list[str] = []
        if status is not None and status != row.status:
            if status == ENABLED:
                if row.status == DISABLED_BY_CUSTOMER:
                    raise Conflict(
                        "This CustomerKey was disabled by the office; only the office can "
                        "enable it again in its API Setup."
                    )
                row.status = ENABLED
                row.date_disabled = None
                events.append("customer_key.enable")
            else:
                row.status = status
                row.date_disabled = utcnow().date()
                events.append("customer_key.disable")
        if dev_ref_id is not None and dev_ref_id != row.dev_ref_id:
            row.dev_ref_id = dev_ref_id
            events.append("customer_key.update")
        for event in events:
            audit.record(
                session,
                event,
                actor,
                developer_id=developer_id,
                office_id=row.office_id,
                subject=row.key,
                before=before,
                after=_snapshot(row),
            )
        view = _view(row)
    if events:
        hq.changed()
    return view


def assign_customer_key(hq: HQ, office_id: int, key: str, actor: Actor) -> tuple[CustomerKeyView, str]:
    """An office pastes a CustomerKey into its API Setup ("Add Key").

    Returns the key and the developer's name, which the office copies into its ``apikey`` table.
    """
    key = key.strip()
    if not formats.looks_like_key(key):
        raise BadRequest("A CustomerKey is 16 letters and digits; check what was pasted.")
    with hq.transaction() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        row = session.scalars(
            select(CustomerKey).where(CustomerKey.key_hash == hq.hasher.digest(key))
        ).first()
        if row is None:
            raise NotFound("That CustomerKey does not exist; ask the developer for a new one.")
        if row.office_id is not None and row.office_id != office_id:
            raise Conflict("That CustomerKey is already assigned to another office.")
        before = _snapshot(row)
        if row.office_id is None:
            row.office_id = office_id
            row.datetime_assigned = utcnow()
            audit.record(
                session,
                "customer_key.assign",
                actor,
                developer_id=row.developer_id,
                office_id=office_id,
                subject=row.key,
                before=before,
                after=_snapshot(row),
            )
        dev = session.get(Developer, row.developer_id)
        dev_name = dev.company_name if dev else ""
        view = _view(row)
    hq.changed()
    return view, dev_name
