"""What may be watched, and how a watched row is rendered: by the same serializers as its GET.

Open Dental's WatchTable values are Appointment, AppointmentDeleted, Operatory, PatField,
Patient, Provider, Schedule and ToothInitial, all watchable here; this office also has clinics,
commlogs, procedure logs and payments, which may be watched as well. A row is rendered exactly
as ``GET /{resource}/{id}`` renders it (a tooth initial, which has no single GET, as
``GET /toothinitials`` lists it), from the row as it is when the batch is formed; a deleted
appointment from the snapshot its delete trigger took.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Date, DateTime, Time, inspect, select
from sqlalchemy.orm import Session

from dentin.office import serialize, serialize_clinical
from dentin.office.clock import read_zone, wall_time
from dentin.office.models import (
    Appointment,
    Clinic,
    Commlog,
    Operatory,
    PatField,
    Patient,
    Payment,
    ProcedureLog,
    Provider,
    Schedule,
    ScheduleOp,
    ToothInitial,
)
from dentin.wire import od_datetime

Row = dict[str, Any]
Render = Callable[[Session, serialize.Lookups, list[serialize.Record], str], list[Row]]


@dataclass(frozen=True)
class Watched:
    name: str  # the WatchTable value
    model: type[Any]
    scope: str  # what a key needs to read these rows through the API
    render: Render
    deleted: bool = False  # fires on DELETE, from the row's snapshot

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)

    @property
    def key(self) -> str:
        """The primary key's SQL column name."""
        (column,) = inspect(self.model).primary_key
        return str(column.name)

    @property
    def key_attr(self) -> str:
        """The primary key's attribute name (``AptNum``)."""
        mapper = inspect(self.model)
        (column,) = mapper.primary_key
        return str(mapper.get_property_by_column(column).key)


def _each(fn: Callable[..., Row], *with_: str) -> Render:
    def render(
        session: Session, look: serialize.Lookups, rows: list[serialize.Record], server: str
    ) -> list[Row]:
        args = {"look": look, "server": server}
        return [fn(r, *(args[name] for name in with_)) for r in rows]

    return render


def _procedurelogs(
    session: Session, look: serialize.Lookups, rows: list[serialize.Record], server: str
) -> list[Row]:
    codes = look.codes({r.CodeNum for r in rows})
    return [serialize.procedurelog(r, look, codes, server) for r in rows]


def _schedules(
    session: Session, look: serialize.Lookups, rows: list[serialize.Record], server: str
) -> list[Row]:
    ops: dict[int, list[str]] = {}
    nums = [r.ScheduleNum for r in rows]
    if nums:
        links = session.execute(
            select(ScheduleOp.ScheduleNum, ScheduleOp.OperatoryNum)
            .where(ScheduleOp.ScheduleNum.in_(nums))
            .order_by(ScheduleOp.ScheduleOpNum)
        )
        for schedule_num, op_num in links:
            ops.setdefault(schedule_num, []).append(str(op_num))
    return [serialize.schedule(r, look, ",".join(ops.get(r.ScheduleNum, []))) for r in rows]


_appointments = _each(serialize.appointment, "look", "server")

WATCHED: dict[str, Watched] = {
    w.name.lower(): w
    for w in (
        Watched("Appointment", Appointment, "appointment:read", _appointments),
        Watched("AppointmentDeleted", Appointment, "appointment:read", _appointments, deleted=True),
        Watched("Clinic", Clinic, "clinic:read", _each(serialize.clinic)),
        Watched("Commlog", Commlog, "commlog:read", _each(serialize.commlog, "look")),
        Watched("Operatory", Operatory, "operatory:read", _each(serialize.operatory, "look")),
        Watched("PatField", PatField, "patfield:read", _each(serialize_clinical.patfield)),
        Watched("Patient", Patient, "patient:read", _each(serialize.patient, "look")),
        Watched("Payment", Payment, "payment:read", _each(serialize.payment, "look", "server")),
        Watched("ProcedureLog", ProcedureLog, "procedurelog:read", _procedurelogs),
        Watched("Provider", Provider, "provider:read", _each(serialize.provider, "server")),
        # A schedule is part of the appointment book (Slots are read with appointment:read).
        Watched("Schedule", Schedule, "appointment:read", _schedules),
        Watched(
            "ToothInitial",
            ToothInitial,
            "toothinitial:read",
            _each(serialize_clinical.toothinitial),
        ),
    )
}
# Open Dental's, which this office has no table for (none since issue 15 added the last two).
NOT_HERE: tuple[str, ...] = ()


def find(name: str) -> Watched | None:
    return WATCHED.get(name.strip().lower())


def names() -> list[str]:
    return [w.name for w in WATCHED.values()]


def render(
    session: Session, watched: Watched, objects: Sequence[tuple[int, str | None]]
) -> list[Row]:
    """Each changed row, once, in the order of its latest change, as its GET shows it.

    ``objects`` are (ObjectNum, Snapshot) in change order. A row changed twice is sent once,
    as it is now; a row deleted since it changed is not sent (nothing to show).
    """
    latest: dict[int, str | None] = {}
    for num, snapshot in objects:
        latest.pop(num, None)
        latest[num] = snapshot
    if watched.deleted:
        records = [_from_snapshot(watched.model, s) for s in latest.values() if s is not None]
    else:
        (pk,) = inspect(watched.model).primary_key
        query = select(*serialize.columns(watched.model)).where(pk.in_(list(latest)))
        found = {getattr(r, watched.key_attr): r for r in serialize.records(session, query)}
        records = [found[n] for n in latest if n in found]
    if not records:
        return []
    return watched.render(
        session, serialize.Lookups(session), records, od_datetime(wall_time(read_zone(session)))
    )


def _from_snapshot(model: type[Any], snapshot: str) -> serialize.Record:
    """A deleted row's JSON (lower-case column names, as the trigger took it) as a record."""
    data = orjson.loads(snapshot)
    record = serialize.Record()
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        record.__dict__[attr.key] = _typed(column.type, data.get(column.name))
    return record


def _typed(type_: Any, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if isinstance(type_, DateTime):
        return dt.datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
    if isinstance(type_, Date):
        return dt.date.fromisoformat(value[:10])
    if isinstance(type_, Time):
        return dt.time.fromisoformat(value)
    return value
