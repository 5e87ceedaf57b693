"""CustomerKeys: created by a developer, assigned by an office, shown as seed 002 shows them.

At rest the value is sealed (``HQ.sealer``) and found by its keyed hash; the audit log names a
key by its last 4 characters only (``…W2HD``), as it does every other secret.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dentin import scopes
from dentin.errors import BadRequest, Conflict, Forbidden, NotFound
from dentin.hq import audit
from dentin.hq.context import HQ, Actor
from dentin.hq.models import DEV_REF_ID_MAX, CustomerKey, Developer, Office
from dentin.keys import formats, sealing
from dentin.wire import utcnow

SEAL_CONTEXT = "customer_key"
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
    last_used_at: dt.datetime | None = None


def _view(hq: HQ, row: CustomerKey) -> CustomerKeyView:
    return CustomerKeyView(
        id=row.id,
        key=clear_key(hq, row),
        developer_id=row.developer_id,
        office_id=row.office_id,
        status=row.status,
        date_created=row.date_created,
        date_disabled=row.date_disabled,
        datetime_assigned=row.datetime_assigned,
        dev_ref_id=row.dev_ref_id,
        last_used_at=row.last_used_at,
    )


def clear_key(hq: HQ, row: CustomerKey) -> str:
    """The key as its developer and office see it (rows from before sealing pass through)."""
    return hq.sealer.open(row.key, SEAL_CONTEXT)


def _named(hq: HQ, row: CustomerKey) -> str:
    """How the audit log names a key: enough for its owner to recognise, not to use."""
    return formats.mask(clear_key(hq, row))


def seal_clear_keys(hq: HQ) -> int:
    """Seal the rows written before sealing existed; the number sealed. Run after migrating."""
    with hq.transaction() as session:
        rows = session.scalars(
            select(CustomerKey).where(~CustomerKey.key.startswith(sealing.PREFIX))
        ).all()
        for row in rows:
            row.key = hq.sealer.seal(row.key, SEAL_CONTEXT)
    return len(rows)


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
        return [_view(hq, r) for r in rows]


def get_customer_key(hq: HQ, developer_id: int, key: str) -> CustomerKeyView | None:
    """One of the developer's keys, found by keyed hash (another developer's is None too)."""
    with hq.read() as session:
        row = _find(hq, session, key)
        if row is None or row.developer_id != developer_id:
            return None
        return _view(hq, row)


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
                    key=hq.sealer.seal(value, SEAL_CONTEXT),
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
                    subject=formats.mask(value),
                    after=_snapshot(row),
                )
                view = _view(hq, row)
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
            f'KeyStatus {status!r} is not accepted: use "Enabled" or "DisabledByDeveloper".'
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
            elif row.status != DISABLED_BY_CUSTOMER:
                # A key the office disabled stays DisabledByCustomer: it is already refused, and
                # overwriting the status would let the developer re-enable it afterwards.
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
                subject=_named(hq, row),
                before=before,
                after=_snapshot(row),
            )
        view = _view(hq, row)
    if events:
        hq.changed()
    return view


def assign_customer_key(
    hq: HQ, office_id: int, key: str, actor: Actor
) -> tuple[CustomerKeyView, str]:
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
                subject=_named(hq, row),
                before=before,
                after=_snapshot(row),
            )
        dev = session.get(Developer, row.developer_id)
        dev_name = dev.company_name if dev else ""
        view = _view(hq, row)
    hq.changed()
    return view, dev_name


# -- the office's side (API Setup) and moves ---------------------------------------------------

CUSTOMER_STATUSES = (ENABLED, DISABLED_BY_CUSTOMER)


@dataclass(frozen=True)
class OfficeKeyView:
    """One row of an office's API Setup: the key, whose it is, and what that developer may do."""

    key: CustomerKeyView
    developer_name: str
    permissions: list[str]


def _find(hq: HQ, session: Session, key: str) -> CustomerKey | None:
    return session.scalars(
        select(CustomerKey).where(CustomerKey.key_hash == hq.hasher.digest(key.strip()))
    ).first()


def office_keys(hq: HQ, office_id: int) -> list[OfficeKeyView]:
    """Every key assigned to the office, oldest first, with its developer's name and grants."""
    with hq.read() as session:
        if session.get(Office, office_id) is None:
            raise NotFound(f"There is no office {office_id}.")
        rows = session.scalars(
            select(CustomerKey).where(CustomerKey.office_id == office_id).order_by(CustomerKey.id)
        ).all()
        result = []
        for row in rows:
            dev = session.get(Developer, row.developer_id)
            held = scopes.normalize_all(p.permission for p in dev.permissions) if dev else []
            result.append(OfficeKeyView(_view(hq, row), dev.company_name if dev else "", held))
        return result


def set_customer_status(
    hq: HQ, office_id: int, key: str, status: str, actor: Actor
) -> CustomerKeyView:
    """The practice enables or disables one of its keys (``DisabledByCustomer``).

    A key its developer disabled stays the developer's to enable: the practice can neither
    re-enable it nor overwrite the developer's reason for the refusal.
    """
    if status not in CUSTOMER_STATUSES:
        raise BadRequest(
            f'KeyStatus {status!r} is not accepted here: use "Enabled" or "DisabledByCustomer".'
        )
    with hq.transaction() as session:
        row = _find(hq, session, key)
        if row is None or row.office_id != office_id:
            raise NotFound(f"CustomerKey {key.strip()!r} is not among this office's keys.")
        if row.status == DISABLED_BY_DEVELOPER:
            raise Conflict(
                "This CustomerKey was disabled by its developer, so it is already refused; only "
                "the developer can enable it again."
            )
        if row.status == status:
            return _view(hq, row)
        before = _snapshot(row)
        row.status = status
        row.date_disabled = None if status == ENABLED else utcnow().date()
        audit.record(
            session,
            "customer_key.enable" if status == ENABLED else "customer_key.disable",
            actor,
            developer_id=row.developer_id,
            office_id=office_id,
            subject=_named(hq, row),
            before=before,
            after=_snapshot(row),
        )
        view = _view(hq, row)
    hq.changed()
    return view


@dataclass(frozen=True)
class MovedKey:
    key: CustomerKeyView
    from_office_id: int | None
    developer_name: str


def move_customer_key(
    hq: HQ,
    developer_id: int | None,
    key: str,
    office_id: int,
    actor: Actor,
    *,
    require_trust: bool = True,
) -> MovedKey:
    """Move a key to another office, effective on the next request.

    A developer may only move a key into an office that already holds one of its keys (that
    is, a practice that has accepted it): otherwise a move would hand a stranger's data to the
    developer without the practice's consent. ``developer_id=None`` with ``require_trust=False``
    is the operator's override. The key keeps its status; ``DateTimeAssigned`` restarts.
    """
    with hq.transaction() as session:
        row = _find(hq, session, key)
        if row is None or (developer_id is not None and row.developer_id != developer_id):
            raise NotFound(f"CustomerKey {key.strip()!r} was not found among your keys.")
        target = session.get(Office, office_id)
        if target is None:
            raise NotFound(f"There is no office {office_id}.")
        if row.office_id == office_id:
            raise Conflict(
                f"CustomerKey {clear_key(hq, row)} is already assigned to office {office_id}."
            )
        if require_trust:
            trusted = session.scalars(
                select(CustomerKey.id).where(
                    CustomerKey.office_id == office_id,
                    CustomerKey.developer_id == row.developer_id,
                    CustomerKey.status != DISABLED_BY_CUSTOMER,
                )
            ).first()
            if trusted is None:
                raise Forbidden(
                    f"Office {office_id} has not added any of your keys, so a key cannot be "
                    "moved there; ask the practice to paste a new CustomerKey in its API Setup.",
                    code="office_not_trusting",
                )
        before = _snapshot(row)
        from_office = row.office_id
        row.office_id = office_id
        row.datetime_assigned = utcnow()
        audit.record(
            session,
            "customer_key.move",
            actor,
            developer_id=row.developer_id,
            office_id=office_id,
            subject=_named(hq, row),
            before=before,
            after=_snapshot(row),
        )
        dev = session.get(Developer, row.developer_id)
        moved = MovedKey(_view(hq, row), from_office, dev.company_name if dev else "")
    hq.changed()
    return moved
