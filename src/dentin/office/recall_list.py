"""``GET /recalls/List``: the Recall List of the Appointment Module — patients whose recall
falls due in a date range and is neither disabled nor already scheduled, one row each, soonest
first, as Open Dental words it ("3/16/2022", "Strickler, Trent", "Text:(541)555-1234").

Defaults follow Open Dental's preferences: the range is today minus ``RecallDaysPast`` to today
plus ``RecallDaysFuture``, the types those in ``RecallTypesShowingInList`` (all when empty).
Patients already reminded since their last recall visit (a Recall commlog after
``DatePrevious``) are left out unless ``IncludeReminded`` is "true". A recall with
``DisableUntilDate`` after today, or ``DisableUntilBalance`` not above the family's balance,
stays off the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from dentin.errors import BadRequest
from dentin.office import enums, intervals
from dentin.office.definitions import COMMLOG_TYPES
from dentin.office.lookups import Tables
from dentin.office.models import Commlog, Patient, Recall, RecallType
from dentin.office.serialize import Row

ACTIVE_PATIENT = 0
_NONE = dt.date(1, 1, 1)
# What a row of the list shows, as Core columns (one flat row per recall, no ORM instances:
# loading a Recall and a 44-column Patient per row cost about as much as the SQL), and the
# guarantor's alias built once (adapting a fresh ``aliased`` per request cost another ~2 ms).
_COLUMNS = tuple(
    getattr(model, name).label(name)
    for model, names in (
        (Recall, ("RecallNum", "DateDue", "RecallInterval", "RecallStatus", "Note")),
        (Patient, ("PatNum", "LName", "FName", "Preferred", "Birthdate", "PreferRecallMethod")),
        (Patient, ("WirelessPhone", "WkPhone", "Email", "HmPhone", "ClinicNum")),
        (RecallType, ("Description",)),
    )
    for name in names
)
_GUARANTOR = aliased(Patient, name="guarantor")


@dataclass(frozen=True)
class ListFilter:
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    prov_num: int | None = None
    clinic_num: int | None = None
    recall_type: str | None = None
    include_reminded: bool = False


def _pref(tables: Tables, name: str) -> str:
    row = tables.pref_by_name.get(name.lower())
    return row[2] if row is not None else ""


def _days(tables: Tables, name: str, default: int) -> int:
    raw = _pref(tables, name).strip()
    return int(raw) if raw.isdigit() else default


def _shown_types(
    session: Session | Connection, tables: Tables, wanted: str | None
) -> list[int] | None:
    """The recall types the list shows; ``None`` for all of them."""
    shown = _pref(tables, "RecallTypesShowingInList")
    listed = [int(p) for p in shown.split(",") if p.strip().isdigit()]
    if wanted is None:
        return listed or None
    query = select(RecallType.RecallTypeNum).where(
        func.lower(RecallType.Description) == wanted.strip().lower()
    )
    if listed:
        query = query.where(RecallType.RecallTypeNum.in_(listed))
    nums = list(session.scalars(query))
    if not nums:
        raise BadRequest(
            f"RecallType {wanted!r} is not a recall type the Recall List shows; see "
            "GET /recalltypes and the RecallTypesShowingInList preference."
        )
    return nums


def _short_date(day: dt.date | None) -> str:
    return "" if day is None or day <= _NONE else f"{day.month}/{day.day}/{day.year}"


def _age(birth: dt.date | None, today: dt.date) -> str:
    if birth is None or birth <= _NONE:
        return ""
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


def _contact(p: Any) -> str:
    method = enums.CONTACT_METHOD.text(p.PreferRecallMethod)
    contact: str = {
        "TextMessage": f"Text:{p.WirelessPhone}",
        "WirelessPh": f"Cell:{p.WirelessPhone}",
        "WkPhone": f"Wk:{p.WkPhone}",
        "Email": p.Email,
        "Mail": "Mail",
        "SeeNotes": "See Notes",
        "DoNotCall": "Do Not Call",
    }.get(method, f"Hm:{p.HmPhone}" if p.HmPhone else "")
    return contact


def _name(p: Any) -> str:
    preferred = f"'{p.Preferred}' " if p.Preferred else ""
    return f"{p.LName}, {preferred}{p.FName}"


def recall_list(
    session: Session | Connection,
    tables: Tables,
    f: ListFilter,
    today: dt.date,
    offset: int,
    limit: int,
) -> list[Row]:
    """``tables``: the office's cached definitions and preferences (office/lookups.py)."""
    start = f.date_start or today - dt.timedelta(days=_days(tables, "RecallDaysPast", 1095))
    end = f.date_end or today + dt.timedelta(days=_days(tables, "RecallDaysFuture", 7))
    if end < start:
        raise BadRequest(f"DateEnd {end} is before DateStart {start}.")
    defs = tables.defs
    recall_commtypes = [n for n, c in defs.categories.items() if c == COMMLOG_TYPES]
    recall_commtypes = [n for n in recall_commtypes if defs.name(n).lower() == "recall"]
    guarantor = _GUARANTOR
    reminded = and_(
        Commlog.PatNum == Recall.PatNum,
        Commlog.CommType.in_(recall_commtypes),
        or_(Recall.DatePrevious.is_(None), func.date(Commlog.CommDateTime) > Recall.DatePrevious),
    )
    query = (
        select(*_COLUMNS)
        .select_from(Recall)
        .join(Patient, Patient.PatNum == Recall.PatNum)
        .join(RecallType, RecallType.RecallTypeNum == Recall.RecallTypeNum)
        .join(guarantor, guarantor.PatNum == Patient.Guarantor)
        .where(
            Recall.DateDue >= start,
            Recall.DateDue <= end,
            Recall.IsDisabled == 0,
            Recall.DateScheduled.is_(None),
            Patient.PatStatus == ACTIVE_PATIENT,
            or_(Recall.DisableUntilDate.is_(None), Recall.DisableUntilDate <= today),
            or_(Recall.DisableUntilBalance <= 0, guarantor.BalTotal < Recall.DisableUntilBalance),
        )
    )
    types = _shown_types(session, tables, f.recall_type)
    if types is not None:
        query = query.where(Recall.RecallTypeNum.in_(types))
    if f.prov_num is not None:
        query = query.where(or_(Patient.PriProv == f.prov_num, Patient.SecProv == f.prov_num))
    if f.clinic_num is not None:
        query = query.where(Patient.ClinicNum == f.clinic_num)
    if not f.include_reminded and recall_commtypes:
        query = query.where(~exists(select(Commlog.CommlogNum).where(reminded)))
    query = query.order_by(Recall.DateDue, Recall.RecallNum).offset(offset).limit(limit)
    rows = session.execute(query).all()
    reminders: dict[int, tuple[int, dt.datetime | None]] = {}
    if rows and recall_commtypes:
        for recall_num, times, latest in session.execute(
            select(Recall.RecallNum, func.count(Commlog.CommlogNum), func.max(Commlog.CommDateTime))
            .join(Commlog, reminded)
            .where(Recall.RecallNum.in_([r.RecallNum for r in rows]))
            .group_by(Recall.RecallNum)
        ):
            reminders[recall_num] = (int(times), latest)
    out: list[Row] = []
    for r in rows:
        count, last = reminders.get(r.RecallNum, (0, None))
        out.append(
            {
                "DueDate": _short_date(r.DateDue),
                "PatNum": r.PatNum,
                "Patient": _name(r),
                "Age": _age(r.Birthdate, today),
                "Type": r.Description,
                "Interval": intervals.to_text(r.RecallInterval),
                "NumRemind": str(count) if count else "",
                "LastRemind": _short_date(last.date()) if last else "",
                "Contact": _contact(r),
                "Status": defs.name(r.RecallStatus) if r.RecallStatus else "",
                "ClinicNum": r.ClinicNum,
                "Note": r.Note,
            }
        )
    return out
