"""The rest of issue 15 in a generated office, derived from its patients, procedures and
appointments after the bulk generator ran (like generate_account.py):

- recall types and a recall for every active patient, its due date six months and a day after
  their last completed visit (or spread over the coming months when they have none) and its
  scheduled date their next booked appointment;
- referral sources (two specialists, four non-person sources) and every seventh patient
  attached to one as referred from it, every thirtieth referred out to a specialist;
- three laboratories, and a lab case for every twenty-fifth patient, for their next booked
  appointment when they have one (sent, not yet back) or else an older one (back and checked);
- a perio exam for every ninth adult patient seen, on their last visit, probing six molars
  (and bleeding on one for every third exam);
- image categories (definition category 18) and, for every fifth patient seen, a panoramic
  x-ray's document row from their first visit (the files themselves are not generated);
- a note on every task (the account part makes them) and, on every sheet, its fields: the
  patient's name printed, an answer filled in and the signature box.

Rows are built in Python from three reads and written with one multi-row insert per table, so
a 100,000-patient office gets them in seconds; no random numbers are drawn, so every other
row of a seed stays as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from dentin.office import intervals
from dentin.office.document_files import patient_folder
from dentin.office.models import (
    Appointment,
    Definition,
    Document,
    LabCase,
    Laboratory,
    Patient,
    PerioExam,
    PerioMeasure,
    ProcedureLog,
    Recall,
    RecallType,
    RefAttach,
    Referral,
    Sheet,
    SheetField,
    Task,
    TaskNote,
)
from dentin.office.registry import OfficeDatabase

ACTIVE = 0
COMPLETE = 2
SCHEDULED = 1
PATIENT_WILL_CALL = 27  # a RecallUnschedStatus definition every office has
# (Description, DefaultInterval packed, TimePattern, Procedures, AppendToSpecial)
RECALL_TYPES = (
    ("Prophy", 60001, "/XXXX/", "D0120,D1110", 0),
    ("Child Prophy", 60001, "/XXX/", "D0120,D1120,D1208", 0),
    ("Perio", 30000, "/XXXXXX/", "D4910", 0),
    ("4BWX", 1_000_000, "", "D0274", 1),
    ("Pano", 5_000_000, "", "D0330", 1),
)
BATCH = 20_000


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> int:
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start : start + BATCH])
    return len(rows)


def _recall_types(conn: Connection) -> dict[str, int]:
    if conn.execute(select(func.count()).select_from(RecallType)).scalar_one() == 0:
        conn.execute(
            insert(RecallType),
            [
                {"description": d, "defaultinterval": i, "timepattern": t, "procedures": p,
                 "appendtospecial": a}
                for d, i, t, p, a in RECALL_TYPES
            ],
        )  # fmt: skip
    return dict(conn.execute(select(RecallType.Description, RecallType.RecallTypeNum)).all())


def _as_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _recalls(conn: Connection, as_of: dt.date, stamp: dt.datetime) -> list[dict[str, Any]]:
    if conn.execute(select(func.count()).select_from(Recall)).scalar_one():
        return []
    types = _recall_types(conn)
    last_visit = dict(
        conn.execute(
            select(ProcedureLog.PatNum, func.max(ProcedureLog.ProcDate))
            .where(ProcedureLog.ProcStatus == COMPLETE)
            .group_by(ProcedureLog.PatNum)
        ).all()
    )
    booked = dict(
        conn.execute(
            select(Appointment.PatNum, func.min(Appointment.AptDateTime))
            .where(
                Appointment.AptStatus == SCHEDULED,
                Appointment.AptDateTime >= dt.datetime.combine(as_of, dt.time()),
            )
            .group_by(Appointment.PatNum)
        ).all()
    )
    rows: list[dict[str, Any]] = []
    patients = conn.execute(
        select(Patient.PatNum, Patient.Birthdate).where(Patient.PatStatus == ACTIVE)
    )
    for pat_num, birth in patients:
        born = _as_date(birth)
        child = born is not None and (as_of - born).days < 12 * 365
        kind = "Child Prophy" if child else ("Perio" if pat_num % 10 == 3 else "Prophy")
        interval = 60001 if kind != "Perio" else 30000
        previous = _as_date(last_visit.get(pat_num))
        if previous is not None:
            due = intervals.add(previous, interval)
        else:
            due = as_of + dt.timedelta(days=pat_num * 37 % 240 - 60)
        rows.append(
            {
                "patnum": pat_num,
                "datedue": due,
                "dateduecalc": due,
                "dateprevious": previous,
                "recallinterval": interval,
                "recallstatus": PATIENT_WILL_CALL if pat_num % 11 == 0 else 0,
                "note": "",
                "isdisabled": 0,
                "datetstamp": stamp,
                "recalltypenum": types[kind],
                "disableuntilbalance": 0.0,
                "disableuntildate": None,
                "datescheduled": _as_date(booked.get(pat_num)),
                "priority": 0,
                "timepatternoverride": "",
            }
        )
    return rows


# (LName, FName, Title, NotPerson, IsDoctor, BusinessName)
SOURCES = (
    ("Davidson", "Norm", "DMD", 0, 1, "Portland Endodontics"),
    ("Bokish", "Anne", "DDS", 0, 1, "Salem Oral Surgery"),
    ("Yellow Pages", "", "", 1, 0, ""),
    ("Facebook Ad", "", "", 1, 0, "Facebook"),
    ("Website", "", "", 1, 0, ""),
    ("Insurance Directory", "", "", 1, 0, ""),
)
REF_TO, REF_FROM = 0, 1
REF_STATUSES = (0, 2, 3, 5)  # None, Scheduled, Consulted, Complete


def _referrals(conn: Connection, as_of: dt.date, stamp: dt.datetime) -> list[dict[str, Any]]:
    if conn.execute(select(func.count()).select_from(Referral)).scalar_one():
        return []
    conn.execute(
        insert(Referral),
        [
            {"lname": last, "fname": f, "mname": "", "ssn": "", "usingtin": 0, "specialty": 0,
             "st": "OR", "telephone": "", "address": "", "address2": "", "city": "", "zip": "",
             "note": "", "phone2": "", "ishidden": 0, "notperson": np, "title": t, "email": "",
             "patnum": 0, "nationalprovid": "", "slip": 0, "isdoctor": doc,
             "istrusteddirect": 0, "datetstamp": stamp, "ispreferred": int(doc == 1),
             "businessname": b, "displaynote": ""}
            for last, f, t, np, doc, b in SOURCES
        ],
    )  # fmt: skip
    sources = [num for (num,) in conn.execute(select(Referral.ReferralNum))]
    doctors = sources[:2]
    rows: list[dict[str, Any]] = []
    patients = conn.execute(select(Patient.PatNum, Patient.DateFirstVisit).order_by(Patient.PatNum))
    for pat_num, first in patients:
        day = _as_date(first) or as_of - dt.timedelta(days=pat_num % 900)
        order = 0
        if pat_num % 7 == 0:
            rows.append(_attach(pat_num, sources[pat_num % len(sources)], REF_FROM, 0, day,
                                order, stamp))  # fmt: skip
            order += 1
        if pat_num % 30 == 0:
            status = REF_STATUSES[pat_num // 30 % len(REF_STATUSES)]
            rows.append(_attach(pat_num, doctors[pat_num // 30 % 2], REF_TO, status,
                                min(as_of, day + dt.timedelta(days=30)), order, stamp))  # fmt: skip
    return rows


def _attach(pat: int, source: int, kind: int, status: int, day: dt.date, order: int,
            stamp: dt.datetime) -> dict[str, Any]:  # fmt: skip
    return {
        "referralnum": source, "patnum": pat, "itemorder": order, "refdate": day,
        "reftype": kind, "reftostatus": status, "note": "", "istransitionofcare": 0,
        "procnum": 0, "dateproccomplete": None, "provnum": 0, "datetstamp": stamp,
    }  # fmt: skip


LABS = (
    ("Go Smiles Lab", "(503)240-1910", "231 Hoyt Rd", "Glendale", "OR", "91124"),
    ("Cascade Dental Lab", "(503)555-1810", "12 Mill St", "Salem", "OR", "97301"),
    ("Precision Crowns", "(541)555-7711", "900 Oak Ave", "Eugene", "OR", "97401"),
)
LAB_WORK = ("PFM crown #3. Shade A2", "Repair clasps on Max partial", "Night guard, upper",
            "Zirconia crown #30. Shade B1", "Full denture, lower")  # fmt: skip


def _labcases(conn: Connection, as_of: dt.date, stamp: dt.datetime) -> list[dict[str, Any]]:
    if conn.execute(select(func.count()).select_from(Laboratory)).scalar_one() == 0:
        conn.execute(
            insert(Laboratory),
            [{"description": d, "phone": ph, "notes": "", "slip": 0, "address": a, "city": c,
              "state": st, "zip": z, "email": "", "wirelessphone": "", "ishidden": 0}
             for d, ph, a, c, st, z in LABS],
        )  # fmt: skip
    if conn.execute(select(func.count()).select_from(LabCase)).scalar_one():
        return []
    labs = [num for (num,) in conn.execute(select(Laboratory.LaboratoryNum))]
    booked = {
        pat: (apt, when, prov)
        for pat, apt, when, prov in conn.execute(
            select(Appointment.PatNum, Appointment.AptNum, Appointment.AptDateTime,
                   Appointment.ProvNum)
            .where(Appointment.AptStatus == SCHEDULED, Appointment.PatNum % 25 == 0,
                   Appointment.AptDateTime >= dt.datetime.combine(as_of, dt.time()))
            .order_by(Appointment.AptDateTime.desc())
        )
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    patients = conn.execute(select(Patient.PatNum, Patient.PriProv).where(Patient.PatNum % 25 == 0))
    for pat_num, prov in patients:
        created = dt.datetime.combine(as_of - dt.timedelta(days=pat_num % 60 + 10), dt.time(10))
        apt, when, apt_prov = booked.get(pat_num, (0, None, prov))
        due = _as_moment(when) - dt.timedelta(days=2) if when else created + dt.timedelta(days=7)
        back = when is None
        rows.append({
            "patnum": pat_num, "laboratorynum": labs[pat_num % len(labs)], "aptnum": apt,
            "plannedaptnum": 0, "datetimedue": due, "datetimecreated": created,
            "datetimesent": created + dt.timedelta(hours=6),
            "datetimerecd": created + dt.timedelta(days=6) if back else None,
            "datetimechecked": created + dt.timedelta(days=6, hours=2) if back else None,
            "provnum": apt_prov or prov or 1, "instructions": LAB_WORK[pat_num % len(LAB_WORK)],
            "labfee": float(60 + pat_num % 5 * 15), "datetstamp": stamp, "invoicenum": "",
        })  # fmt: skip
    return rows


def _as_moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value)[:19])


PERIO_TEETH = (2, 3, 14, 19, 30, 31)
PROBING, BLEEDING = 4, 6


def _perio(conn: Connection, as_of: dt.date) -> int:
    if conn.execute(select(func.count()).select_from(PerioExam)).scalar_one():
        return 0
    last_visit = dict(
        conn.execute(
            select(ProcedureLog.PatNum, func.max(ProcedureLog.ProcDate))
            .where(ProcedureLog.ProcStatus == COMPLETE, ProcedureLog.PatNum % 9 == 0)
            .group_by(ProcedureLog.PatNum)
        ).all()
    )
    exams: list[dict[str, Any]] = []
    patients = conn.execute(
        select(Patient.PatNum, Patient.Birthdate, Patient.PriProv).where(Patient.PatNum % 9 == 0)
    )
    for pat_num, birth, prov in patients:
        born, seen = _as_date(birth), _as_date(last_visit.get(pat_num))
        if seen is None or born is None or (as_of - born).days < 18 * 365:
            continue
        when = dt.datetime.combine(seen, dt.time(10, 30))
        exams.append({"patnum": pat_num, "examdate": seen, "provnum": prov or 1,
                      "datetmeasureedit": when, "note": ""})  # fmt: skip
    _insert(conn, PerioExam, exams)
    made = conn.execute(
        select(PerioExam.PerioExamNum, PerioExam.PatNum, PerioExam.DateTMeasureEdit)
    ).all()
    measures: list[dict[str, Any]] = []
    for exam, pat_num, when in made:
        for i, tooth in enumerate(PERIO_TEETH):
            depth = 2 + (pat_num + i) % 3
            measures.append(_perio_row(exam, PROBING, tooth, [depth, depth - 1, depth + 1,
                                       depth, depth - 1, depth], when))  # fmt: skip
        if exam % 3 == 0:
            measures.append(_perio_row(exam, BLEEDING, PERIO_TEETH[0], [1, 0, 0, 0, 1, 0], when))
    return _insert(conn, PerioMeasure, measures)


def _perio_row(exam: int, kind: int, tooth: int, values: list[int], when: Any) -> dict[str, Any]:
    mb, b, db, ml, lingual, dl = values
    return {"perioexamnum": exam, "sequencetype": kind, "inttooth": tooth, "toothvalue": -1,
            "mbvalue": mb, "bvalue": b, "dbvalue": db, "mlvalue": ml, "lvalue": lingual,
            "dlvalue": dl, "secdatetentry": when, "secdatetedit": when}  # fmt: skip


IMAGE_CATEGORIES = 18
IMAGE_CATEGORY_NAMES = ("Xrays", "Patient Pictures", "Statements", "Lab Cases", "Forms")
RADIOGRAPH = 1


def _documents(conn: Connection, stamp: dt.datetime) -> list[dict[str, Any]]:
    cats = list(conn.scalars(
        select(Definition.DefNum).where(Definition.Category == IMAGE_CATEGORIES)
        .order_by(Definition.ItemOrder)
    ))  # fmt: skip
    if not cats:
        conn.execute(
            insert(Definition),
            [{"category": IMAGE_CATEGORIES, "itemorder": i, "itemname": name, "itemvalue": "",
              "ishidden": 0} for i, name in enumerate(IMAGE_CATEGORY_NAMES)],
        )  # fmt: skip
        cats = list(conn.scalars(
            select(Definition.DefNum).where(Definition.Category == IMAGE_CATEGORIES)
            .order_by(Definition.ItemOrder)
        ))  # fmt: skip
    if conn.execute(select(func.count()).select_from(Document)).scalar_one():
        return []
    rows: list[dict[str, Any]] = []
    patients = conn.execute(
        select(Patient.PatNum, Patient.LName, Patient.FName, Patient.DateFirstVisit,
               Patient.PriProv).where(Patient.PatNum % 5 == 0)
    )  # fmt: skip
    for pat_num, lname, fname, first, prov in patients:
        day = _as_date(first)
        if day is None:
            continue
        made = dt.datetime.combine(day, dt.time(9, 15))
        name = f"{patient_folder(lname, fname, pat_num)}_pano.jpg"
        rows.append({
            "description": "Pano", "datecreated": made, "doccategory": cats[0], "patnum": pat_num,
            "filename": name, "imgtype": RADIOGRAPH, "isflipped": 0, "degreesrotated": 0.0,
            "toothnumbers": "", "note": "", "sigistopaz": 0, "signature": "", "cropx": 0,
            "cropy": 0, "cropw": 0, "croph": 0, "windowingmin": 0, "windowingmax": 0,
            "mountitemnum": 0, "datetstamp": stamp, "rawbase64": "", "thumbnail": "",
            "externalguid": "", "externalsource": 0, "provnum": prov or 0, "iscropold": 0,
            "ocrresponsedata": "", "imagecapturetype": 0, "printheading": 0,
        })  # fmt: skip
    return rows


def _task_notes(conn: Connection) -> list[dict[str, Any]]:
    if conn.execute(select(func.count()).select_from(TaskNote)).scalar_one():
        return []
    return [
        {"tasknum": num, "usernum": user or 1, "datetimenote": when,
         "note": "Left a message; will try again tomorrow."}
        for num, user, when in conn.execute(
            select(Task.TaskNum, Task.UserNum, Task.DateTimeEntry)
        )
    ]  # fmt: skip


def _sheet_fields(conn: Connection) -> list[dict[str, Any]]:
    if conn.execute(select(func.count()).select_from(SheetField)).scalar_one():
        return []
    rows: list[dict[str, Any]] = []
    sheets = conn.execute(
        select(Sheet.SheetNum, Sheet.DateTimeSheet, Patient.FName, Patient.LName).join(
            Patient, Patient.PatNum == Sheet.PatNum
        )
    )
    for num, when, fname, lname in sheets:
        for kind, name, value, required, signed in (
            (0, "patient.nameFL", f"{fname} {lname}", 0, None),
            (1, "toothache", "No", 1, None),
            (9, "", "1FFFFFFFB59486", 0, when),
        ):
            rows.append({
                "sheetnum": num, "fieldtype": kind, "fieldname": name, "fieldvalue": value,
                "fontsize": 9.0, "fontname": "Arial", "fontisbold": 0, "xpos": 50, "ypos": 100,
                "width": 300, "height": 20, "growthbehavior": 0, "radiobuttonvalue": "",
                "radiobuttongroup": "", "isrequired": required, "taborder": 0,
                "reportablename": "", "textalign": 0, "islocked": 0, "itemcolor": 0,
                "datetimesig": signed, "tabordermobile": 0, "uilabelmobile": "",
                "uilabelmobileradiobutton": "", "sheetfielddefnum": 0,
                "canelectronicallysign": 0, "issigprovrestricted": 0,
            })  # fmt: skip
    return rows


def add_rest_data(db: OfficeDatabase, as_of: dt.date) -> dict[str, int]:
    """Derive the rows of the rest of issue 15 from the generated office; the count per table."""
    stamp = dt.datetime.combine(as_of, dt.time(16, 30))
    counts: dict[str, int] = {}
    with db.engine.begin() as conn:
        recalls = _recalls(conn, as_of, stamp)
        counts["recalltype"] = len(RECALL_TYPES)
        counts["recall"] = _insert(conn, Recall, recalls)
        attaches = _referrals(conn, as_of, stamp)
        counts["referral"] = len(SOURCES)
        counts["refattach"] = _insert(conn, RefAttach, attaches)
        cases = _labcases(conn, as_of, stamp)
        counts["laboratory"] = len(LABS)
        counts["labcase"] = _insert(conn, LabCase, cases)
        counts["periomeasure"] = _perio(conn, as_of)
        counts["perioexam"] = conn.execute(select(func.count()).select_from(PerioExam)).scalar_one()
        counts["document"] = _insert(conn, Document, _documents(conn, stamp))
        counts["tasknote"] = _insert(conn, TaskNote, _task_notes(conn))
        counts["sheetfield"] = _insert(conn, SheetField, _sheet_fields(conn))
    return counts
