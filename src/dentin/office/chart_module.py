"""The Chart Module's views of one patient: progress notes, patient info and planned
appointments, spelled as Open Dental's ChartModules pages show them (every value a string,
dates as the Chart prints them: ``12/21/2021``, ``11:40a``, ``12/21/2021 11:40:00 AM``).

Patient info lists problems, medications, allergies, the medical and service notes and the
insurance carriers from Open Dental's own tables (``disease``, ``medicationpat``, ``allergy``,
``patientnote``, ``patplan``...), read only where this office's schema has them: a table
another part of dentin has not created yet reads as nothing, never as an error.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dentin.office import enums
from dentin.office.booking import minutes
from dentin.office.listing import exists_or_404, get_or_404
from dentin.office.models import (
    Appointment,
    Commlog,
    Patient,
    ProcedureCode,
    ProcedureLog,
    ProcNote,
    Sheet,
    Task,
    TaskList,
    TaskNote,
    Userod,
)
from dentin.office.serialize import Lookups
from dentin.wire import od_datetime as _datetime

log = logging.getLogger(__name__)
PLANNED = 6
DELETED = 6  # ProcStatus D
TASK_PATIENT = 1  # task.ObjectType Patient


def _date(value: dt.datetime | dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value is not None else ""


def _time(value: dt.datetime | None) -> str:
    if value is None or value.time() == dt.time():
        return ""
    return f"{value.hour % 12 or 12}:{value.minute:02}{'a' if value.hour < 12 else 'p'}"


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    hour = value.hour % 12 or 12
    half = "AM" if value.hour < 12 else "PM"
    return (
        f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02}:{value.second:02} {half}"
    )


def _note(kind: str, key: int, when: dt.datetime, **kw: str) -> dict[str, Any]:
    row = {
        "ObjectType": kind,
        "PrimaryKey": str(key),
        "Date": _date(when),
        "Time": _time(when),
        "DateTime": _stamp(when),
        "Th": "",
        "Surf": "",
        "Dx": "",
        "Description": "",
        "note": "",
        "Stat": "",
        "Prov": "",
        "ProvNum": "",
        "Amount": "",
        "ProcCode": "",
        "User": "",
        "Signed": "",
        "Length": "",
        "Abbr": "",
        "Clinic": "",
        "ClinicNum": "0",
    }
    row.update(kw)
    return {"_when": when, **row}


def prog_notes(session: Session, pat_num: int, look: Lookups) -> list[dict[str, Any]]:
    """Appointments, procedures, commlog entries, tasks and sheets, oldest first."""
    exists_or_404(session, Patient, pat_num, "PatNum")
    rows: list[dict[str, Any]] = []
    for a in session.scalars(
        select(Appointment).where(Appointment.PatNum == pat_num, Appointment.AptStatus != PLANNED)
    ):
        when = a.AptDateTime or dt.datetime.min
        length = minutes(a.Pattern)
        rows.append(
            _note(
                "Appointment",
                a.AptNum,
                when,
                Description=f"Appointment - {_clock(when)} {a.ProcDescript}".rstrip(),
                note=a.Note,
                Length=f"{length // 60}:{length % 60:02}",
                Clinic=look.clinic(a.ClinicNum),
                ClinicNum=str(a.ClinicNum),
            )
        )
    procs = session.scalars(
        select(ProcedureLog).where(
            ProcedureLog.PatNum == pat_num, ProcedureLog.ProcStatus != DELETED
        )
    ).all()
    codes = {
        n: (c, a)
        for n, c, a in session.execute(
            select(ProcedureCode.CodeNum, ProcedureCode.ProcCode, ProcedureCode.AbbrDesc).where(
                ProcedureCode.CodeNum.in_({p.CodeNum for p in procs})
            )
        )
    }
    notes: dict[int, tuple[str, str]] = {}
    for proc_num, note, signature in session.execute(
        select(ProcNote.ProcNum, ProcNote.Note, ProcNote.Signature)
        .where(ProcNote.PatNum == pat_num)
        .order_by(ProcNote.EntryDateTime, ProcNote.ProcNoteNum)
    ):
        notes[proc_num] = (note, signature)  # the newest wins
    for p in procs:
        when = dt.datetime.combine(p.ProcDate or dt.date.min, dt.time())
        code, abbr = codes.get(p.CodeNum, ("", ""))
        note, signature = notes.get(p.ProcNum, ("", ""))
        rows.append(
            _note(
                "Procedure",
                p.ProcNum,
                when,
                Th=p.ToothNum,
                Surf=p.Surf,
                Dx=look.defs.name(p.Dx),
                Description=abbr,
                note=note,
                Stat=enums.PROC_STATUS.text(p.ProcStatus),
                Prov=look.prov(p.ProvNum),
                ProvNum=str(p.ProvNum),
                Amount=f"{p.ProcFee:.2f}",
                ProcCode=code,
                Signed="Signed" if signature else "",
                Abbr=abbr,
                Clinic=look.clinic(p.ClinicNum),
                ClinicNum=str(p.ClinicNum),
            )
        )
    users = dict(session.execute(select(Userod.UserNum, Userod.UserName)).all())
    for c in session.scalars(select(Commlog).where(Commlog.PatNum == pat_num)):
        rows.append(
            _note(
                "Commlog",
                c.CommlogNum,
                c.CommDateTime,
                Description=f"Comm - {look.defs.name(c.CommType)}",
                note=c.Note,
                User=users.get(c.UserNum, ""),
            )
        )
    lists = dict(session.execute(select(TaskList.TaskListNum, TaskList.Descript)).all())
    for t in session.scalars(
        select(Task).where(Task.ObjectType == TASK_PATIENT, Task.KeyNum == pat_num)
    ):
        when = t.DateTimeEntry or dt.datetime.min
        text_ = f"{users.get(t.UserNum, '')} - {t.Descript}"
        for n in session.scalars(
            select(TaskNote).where(TaskNote.TaskNum == t.TaskNum).order_by(TaskNote.TaskNoteNum)
        ):
            text_ += f"=={users.get(n.UserNum, '')} - {_stamp(n.DateTimeNote)} - {n.Note}"
        rows.append(
            _note(
                "Task",
                t.TaskNum,
                when,
                Description=f"Task - In List: {lists.get(t.TaskListNum, '')}",
                note=text_,
            )
        )
    for s in session.scalars(select(Sheet).where(Sheet.PatNum == pat_num, Sheet.IsDeleted == 0)):
        rows.append(
            _note(
                "Sheet",
                s.SheetNum,
                s.DateTimeSheet or dt.datetime.min,
                Description=s.Description,
                ClinicNum=str(s.ClinicNum),
            )
        )
    rows.sort(key=lambda r: (r["_when"], r["ObjectType"], int(r["PrimaryKey"])))
    for r in rows:
        del r["_when"]
    return rows


def _clock(when: dt.datetime) -> str:
    return f"{when.hour % 12 or 12}:{when.minute:02} {'AM' if when.hour < 12 else 'PM'}"


def planned_appts(session: Session, pat_num: int) -> list[dict[str, str]]:
    exists_or_404(session, Patient, pat_num, "PatNum")
    plans = session.scalars(
        select(Appointment)
        .where(Appointment.PatNum == pat_num, Appointment.AptStatus == PLANNED)
        .order_by(Appointment.ItemOrderPlanned, Appointment.AptNum)
    ).all()
    booked: dict[int, dt.datetime | None] = {}
    if plans:
        for nxt, when in session.execute(
            select(Appointment.NextAptNum, Appointment.AptDateTime).where(
                Appointment.NextAptNum.in_([p.AptNum for p in plans])
            )
        ):
            booked[nxt] = when
    return [
        {
            "AptNum": str(p.AptNum),
            "ProvNum": str(p.ProvNum),
            "ItemOrder": str(p.ItemOrderPlanned),
            "minutes": str(minutes(p.Pattern)),
            "ProcDescript": p.ProcDescript,
            "Note": p.Note,
            "dateSched": _datetime(booked.get(p.AptNum)),
            "AptStatus": enums.APT_STATUS.text(p.AptStatus),
        }
        for p in plans
    ]


def _optional(session: Session, sql: str, params: dict[str, Any]) -> list[Any]:
    """Rows of a query on a table another part of dentin owns, or none while it is absent."""
    try:
        with session.connection().engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    except DBAPIError as exc:
        log.info("chart_patient_info_table_missing: %s", exc.orig.__class__.__name__)
        return []


def patient_info(
    session: Session, pat_num: int, look: Lookups, today: dt.date
) -> list[dict[str, str]]:
    p = get_or_404(session, Patient, pat_num, "PatNum")
    age = ""
    if p.Birthdate is not None and p.Birthdate.year > 1880:
        years = today.year - p.Birthdate.year
        if (today.month, today.day) < (p.Birthdate.month, p.Birthdate.day):
            years -= 1
        age = str(years)
    first = p.DateFirstVisit
    provs = ", ".join(a for a in (look.prov(p.PriProv), look.prov(p.SecProv)) if a)
    params = {"pat": pat_num}
    carriers = [
        name
        for (name,) in _optional(
            session,
            "SELECT c.carriername FROM patplan pp JOIN inssub s ON s.inssubnum = pp.inssubnum "
            "JOIN insplan i ON i.plannum = s.plannum JOIN carrier c ON c.carriernum = i.carriernum "
            "WHERE pp.patnum = :pat ORDER BY pp.ordinal",
            params,
        )
    ]
    out = [
        {"Field": "Age", "Content": age},
        {"Field": "ABC0", "Content": ""},
        {"Field": "Billing Type", "Content": look.defs.name(p.BillingType)},
        {"Field": "Referred From", "Content": ""},
        {
            "Field": "Date First Visit",
            "Content": f"{first.month}/{first.day}/{first.year}" if first else "",
        },
        {"Field": "Prov. (Pri, Sec)", "Content": provs},
        {"Field": "Pri Ins", "Content": carriers[0] if carriers else ""},
        {"Field": "Sec Ins", "Content": carriers[1] if len(carriers) > 1 else ""},
        {"Field": "Payor Types", "Content": ""},
    ]
    problems = _optional(
        session,
        "SELECT d.diseasename, x.patnote FROM disease x JOIN diseasedef d "
        "ON d.diseasedefnum = x.diseasedefnum WHERE x.patnum = :pat ORDER BY x.diseasenum",
        params,
    )
    out += [{"Field": f"Problem - {n}", "Content": note or ""} for n, note in problems] or [
        {"Field": "Problems", "Content": "None"}
    ]
    notes = _optional(
        session, "SELECT medical, service FROM patientnote WHERE patnum = :pat", params
    )
    medical, service = (notes[0][0] or "", notes[0][1] or "") if notes else ("", "")
    out += [
        {"Field": "Med Urgent", "Content": ""},
        {"Field": "Medical Summary", "Content": medical},
        {"Field": "Service Notes", "Content": service},
    ]
    meds = _optional(
        session,
        "SELECT COALESCE(m.medname, x.meddescript), x.patnote FROM medicationpat x "
        "LEFT JOIN medication m ON m.medicationnum = x.medicationnum "
        "WHERE x.patnum = :pat ORDER BY x.medicationpatnum",
        params,
    )
    out += [{"Field": f"Medication - {n}", "Content": note or ""} for n, note in meds] or [
        {"Field": "Medications", "Content": "None"}
    ]
    allergies = _optional(
        session,
        "SELECT d.description, x.reaction FROM allergy x JOIN allergydef d "
        "ON d.allergydefnum = x.allergydefnum WHERE x.patnum = :pat ORDER BY x.allergynum",
        params,
    )
    out += [{"Field": f"Allergy - {n}", "Content": r or ""} for n, r in allergies] or [
        {"Field": "Allergies", "Content": "None"}
    ]
    out.append({"Field": "Pat Restrictions", "Content": "None"})
    return out
