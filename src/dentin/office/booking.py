"""Booking appointments without double booking, on SQLite and PostgreSQL alike.

The rule: two appointments that hold time (Scheduled, Complete, ASAP, Broken) may not overlap
in one operatory, where an appointment lasts 5 minutes per ``Pattern`` character from
``AptDateTime``. The check and the write must be one atomic step, so each write that can
create an overlap first takes a lock that every such writer of that operatory takes:

- PostgreSQL: ``pg_advisory_xact_lock(namespace, Op)`` inside the transaction (released at
  commit/rollback); READ COMMITTED then shows the check every earlier booking's row.
- SQLite: ``BEGIN IMMEDIATE`` takes the database's single write lock before the check, so no
  other writer (thread or process) can slip in between; a per-office in-process lock queues
  this process's own writers politely instead of having them spin on ``busy_timeout``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, Conflict, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import APPT_CONFIRMED, Defs
from dentin.office.fields import MAX_PATTERN, Fields, check_pattern
from dentin.office.listing import get_or_404
from dentin.office.models import Appointment, Clinic, Operatory, Patient, Provider
from dentin.office.registry import OfficeDatabase
from dentin.office.schemas import advisory_namespace
from dentin.wire import parse_od_datetime

DEFAULT_PATTERN = "/XX/"
MINUTES_PER_CHAR = 5
_ADVISORY_NAMESPACE = 0x0D17  # first key of pg_advisory_xact_lock(ns, op): "appointment op"

_office_locks: dict[int, threading.Lock] = {}
_office_locks_guard = threading.Lock()


def _office_lock(office_id: int) -> threading.Lock:
    lock = _office_locks.get(office_id)
    if lock is None:
        with _office_locks_guard:
            lock = _office_locks.setdefault(office_id, threading.Lock())
    return lock


@contextmanager
def write_transaction(db: OfficeDatabase) -> Iterator[Session]:
    """One transaction that, on SQLite, holds the write lock from its first statement."""
    if db.dialect != "sqlite":
        with db.transaction() as session:
            yield session
        return
    with _office_lock(db.office_id), db.sessions() as session:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def lock_key(session: Session, namespace: int, key: int) -> None:
    """A transaction-scoped lock on (namespace, key); on SQLite the write lock already is one."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # Offices sharing one database (schemas.py) each take their own namespace.
        ns = advisory_namespace(bind, namespace)
        session.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"), {"ns": ns, "key": key})


def lock_operatory(session: Session, op: int) -> None:
    """Serialize bookings of one operatory."""
    lock_key(session, _ADVISORY_NAMESPACE, op)


def minutes(pattern: str) -> int:
    return len(pattern) * MINUTES_PER_CHAR


def find_conflict(
    session: Session, op: int, start: dt.datetime, length: int, exclude: int = 0
) -> int | None:
    """The AptNum of an appointment holding any of [start, start+length) in ``op``."""
    if length <= 0:
        return None
    end = start + dt.timedelta(minutes=length)
    earliest = start - dt.timedelta(minutes=MAX_PATTERN * MINUTES_PER_CHAR)
    rows = session.execute(
        select(Appointment.AptNum, Appointment.AptDateTime, Appointment.Pattern)
        .where(
            Appointment.Op == op,
            Appointment.AptDateTime > earliest,
            Appointment.AptDateTime < end,
            Appointment.AptStatus.in_(enums.OCCUPYING_STATUSES),
            Appointment.AptNum != exclude,
        )
        .order_by(Appointment.AptDateTime, Appointment.AptNum)
    )
    for apt_num, at, pattern in rows:
        if at is not None and at + dt.timedelta(minutes=minutes(pattern)) > start:
            return int(apt_num)
    return None


def refuse_overlap(session: Session, apt: Appointment) -> None:
    if apt.AptStatus not in enums.OCCUPYING_STATUSES or apt.AptDateTime is None or not apt.Op:
        return
    clash = find_conflict(session, apt.Op, apt.AptDateTime, minutes(apt.Pattern), apt.AptNum or 0)
    if clash is not None:
        raise Conflict(
            f"Operatory {apt.Op} is already booked at that time by appointment {clash}; "
            "choose another time or operatory (GET /appointments/Slots lists free times).",
            code="double_booking",
            extra={"conflictingAptNum": clash},
        )


def create_appointment(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    op = f.required_int("Op")
    start = f.required_datetime("AptDateTime")
    with write_transaction(db) as session:
        lock_operatory(session, op)
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        operatory = get_or_404(session, Operatory, op, "Op")
        now = office_now(db, session)
        apt = Appointment(
            PatNum=patient.PatNum,
            Op=operatory.OperatoryNum,
            AptDateTime=start,
            AptStatus=enums.SCHEDULED,
            Pattern=DEFAULT_PATTERN,
            ProvNum=patient.PriProv,
            ClinicNum=operatory.ClinicNum,
            IsHygiene=operatory.IsHygiene,
            Note="",
            ProcDescript="",
            ColorOverride="",
            PatternSecondary="",
            DateTStamp=now,
            SecDateTEntry=now,
        )
        defs = Defs.load(session)
        apt.Confirmed = defs.first(APPT_CONFIRMED)
        apply_fields(session, apt, f, defs)
        refuse_overlap(session, apt)
        session.add(apt)
        session.flush()
        return apt.AptNum


def update_appointment(db: OfficeDatabase, apt_num: int, f: Fields) -> int:
    with write_transaction(db) as session:
        apt = session.scalars(
            select(Appointment).where(Appointment.AptNum == apt_num).with_for_update()
        ).first()
        if apt is None:
            raise NotFound(f"AptNum {apt_num} was not found in this office.")
        new_op = f.number("Op")
        if new_op is not None:
            get_or_404(session, Operatory, new_op, "Op")
            apt.Op = new_op
        lock_operatory(session, apt.Op)
        sent, start = f.datetime("AptDateTime")
        if sent:
            if start is None:
                raise BadRequest("AptDateTime may not be cleared; send yyyy-MM-dd HH:mm:ss.")
            apt.AptDateTime = start
        apply_fields(session, apt, f, Defs.load(session))
        refuse_overlap(session, apt)
        apt.DateTStamp = office_now(db, session)
        return apt.AptNum


def apply_fields(session: Session, apt: Appointment, f: Fields, defs: Defs) -> None:
    """The optional fields shared by POST and PUT (Note overwrites here; /Note appends)."""
    status = f.enum("AptStatus", enums.APT_STATUS)
    if status is not None:
        apt.AptStatus = status
    pattern = f.text("Pattern", max_length=1000)
    if pattern is not None:
        apt.Pattern = check_pattern(pattern)
    secondary = f.text("PatternSecondary", max_length=1000)
    if secondary is not None:
        apt.PatternSecondary = check_pattern(secondary, "PatternSecondary") if secondary else ""
    confirmed = f.number("Confirmed")
    if confirmed is not None:
        apt.Confirmed = defs.require(confirmed, APPT_CONFIRMED, "Confirmed")
    note = f.text("Note", max_length=65_000)
    if note is not None:
        apt.Note = note
    for name in ("ProvNum", "ProvHyg"):
        prov = f.number(name)
        if prov is not None:
            if prov:
                get_or_404(session, Provider, prov, name)
            setattr(apt, name, prov)
    clinic = f.number("ClinicNum")
    if clinic is not None:
        if clinic:
            get_or_404(session, Clinic, clinic, "ClinicNum")
        apt.ClinicNum = clinic
    for name in ("IsHygiene", "IsNewPatient", "TimeLocked"):
        flag = f.flag(name)
        if flag is not None:
            setattr(apt, name, int(flag))
    priority = f.enum("Priority", enums.APT_PRIORITY)
    if priority is not None:
        apt.Priority = priority
    for name in ("AppointmentTypeNum", "SecUserNumEntry"):
        number = f.number(name)
        if number is not None:
            setattr(apt, name, number)
    color = f.text("colorOverride", max_length=20)
    if color is not None:
        apt.ColorOverride = _color(color)
    for name in ("DateTimeArrived", "DateTimeSeated", "DateTimeDismissed", "DateTimeAskedToArrive"):
        raw = f.raw(name)
        if raw is not None:
            setattr(apt, name, _time_of_day(raw, name, apt.AptDateTime))


def _color(value: str) -> str:
    parts = value.split(",")
    try:
        numbers = [int(p.strip()) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 3 or any(not 0 <= n <= 255 for n in numbers):
        raise BadRequest(f'colorOverride must be "R,G,B" with each 0 to 255, got {value!r}.')
    return ",".join(str(n) for n in numbers)


def _time_of_day(raw: object, name: str, day: dt.datetime | None) -> dt.datetime | None:
    """``HH:mm:ss`` on the appointment's day (Open Dental 25.2.10), or a full date-time."""
    if not isinstance(raw, str):
        raise BadRequest(f"{name} must be a string, HH:mm:ss or yyyy-MM-dd HH:mm:ss.")
    value = raw.strip()
    if len(value) == 8 and day is not None:
        try:
            clock = dt.datetime.strptime(value, "%H:%M:%S").time()
        except ValueError:
            raise BadRequest(f"{name} must be HH:mm:ss, got {raw!r}.") from None
        return dt.datetime.combine(day.date(), clock)
    try:
        return parse_od_datetime(value, name)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
