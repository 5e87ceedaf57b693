"""Free appointment times: operatory hours minus what is booked, Open Dental's ``Slots``.

Operatory hours come from Open Dental's own ``schedule`` table (rather than invented
preferences), so a practice's schedule and the API agree:

- a Provider schedule (``SchedType`` 1) opens the operatories linked to it in ``scheduleop``
  from ``StartTime`` to ``StopTime`` for that provider;
- a Practice schedule (``SchedType`` 0) opens every visible operatory, for the operatory's
  dentist (or the practice's default provider when it has none);
- a Blockout (``SchedType`` 2) closes its linked operatories for its span.

Appointments that hold time (Scheduled, Complete, ASAP, Broken) are subtracted. With
``lengthMinutes`` each free block is cut into back-to-back slots of that length; without it,
each free block is returned whole. As in Open Dental, ``ProvNum`` defaults to the practice's
default provider (preference ``PracticeDefaultProv``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.booking import minutes
from dentin.office.models import Appointment, Operatory, Preference, Schedule, ScheduleOp
from dentin.wire import ascii_digits

SCHED_BLOCKOUT = 2
DEFAULT_DAYS = 14
MAX_DAYS = 92

Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    prov_num: int
    op_num: int


def date_range(
    date: dt.date | None, start: dt.date | None, end: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    if date is not None:
        return date, date
    first = start or today
    last = end or (first + dt.timedelta(days=DEFAULT_DAYS - 1))
    if last < first:
        raise BadRequest("dateEnd must be on or after dateStart (both yyyy-MM-dd).")
    if (last - first).days >= MAX_DAYS:
        raise BadRequest(
            f"Ask for at most {MAX_DAYS} days of slots at once (dateStart to dateEnd)."
        )
    return first, last


def default_provider(session: Session) -> int:
    raw = session.scalar(
        select(Preference.ValueString).where(Preference.PrefName == "PracticeDefaultProv")
    )
    return int(raw) if raw and ascii_digits(raw.strip()) else 0


def find_slots(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    length: int | None,
    prov_num: int | None,
    op_num: int | None,
) -> list[Slot]:
    default_prov = default_provider(session)
    wanted_prov = prov_num if prov_num is not None else default_prov
    ops = {
        o.OperatoryNum: o
        for o in session.scalars(select(Operatory).where(Operatory.IsHidden == 0))
        if op_num is None or o.OperatoryNum == op_num
    }
    schedules = session.scalars(
        select(Schedule).where(Schedule.SchedDate >= first, Schedule.SchedDate <= last)
    ).all()
    links: dict[int, list[int]] = defaultdict(list)
    if schedules:
        rows = session.execute(
            select(ScheduleOp.ScheduleNum, ScheduleOp.OperatoryNum).where(
                ScheduleOp.ScheduleNum.in_([s.ScheduleNum for s in schedules])
            )
        )
        for sched_num, op in rows:
            links[sched_num].append(op)

    open_spans: dict[tuple[int, int], list[Span]] = defaultdict(list)  # (op, prov) → spans
    closed: dict[int, list[Span]] = defaultdict(list)  # op → spans
    for s in schedules:
        span = (
            dt.datetime.combine(s.SchedDate, s.StartTime),
            dt.datetime.combine(s.SchedDate, s.StopTime),
        )
        if s.SchedType == enums.SCHED_PRACTICE:
            for room in ops.values():
                open_spans[(room.OperatoryNum, room.ProvDentist or default_prov)].append(span)
        elif s.SchedType == enums.SCHED_PROVIDER:
            for op in links[s.ScheduleNum]:
                if op in ops:
                    open_spans[(op, s.ProvNum)].append(span)
        elif s.SchedType == SCHED_BLOCKOUT:
            for op in links[s.ScheduleNum]:
                closed[op].append(span)

    booked = session.execute(
        select(Appointment.Op, Appointment.AptDateTime, Appointment.Pattern).where(
            Appointment.AptDateTime
            >= dt.datetime.combine(first, dt.time()) - dt.timedelta(hours=9),
            Appointment.AptDateTime < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
            Appointment.AptStatus.in_(enums.OCCUPYING_STATUSES),
        )
    )
    for op, at, pattern in booked:
        if at is not None and op in ops:
            closed[op].append((at, at + dt.timedelta(minutes=minutes(pattern))))

    slots: list[Slot] = []
    for (op, prov), spans in open_spans.items():
        if wanted_prov and prov != wanted_prov:
            continue
        for start, end in _subtract(_merge(spans), _merge(closed.get(op, []))):
            if length is None:
                slots.append(Slot(start, end, prov, op))
                continue
            step = dt.timedelta(minutes=length)
            cursor = start
            while cursor + step <= end:
                slots.append(Slot(cursor, cursor + step, prov, op))
                cursor += step
    slots.sort(key=lambda s: (s.start, s.op_num, s.prov_num))
    return slots


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    free: list[Span] = []
    for start, end in spans:
        cursor = start
        for h_start, h_end in holes:
            if h_end <= cursor or h_start >= end:
                continue
            if h_start > cursor:
                free.append((cursor, h_start))
            cursor = max(cursor, h_end)
        if cursor < end:
            free.append((cursor, end))
    return free
