"""Perio charts: an exam per visit (``perioexam``) and its measurements (``periomeasure``), one
row per tooth and kind of measurement (``SequenceType``), as Open Dental's apiperioexams and
apiperiomeasures pages document them.

Each kind allows its own values (-1 for none; above 100 a negative gingival margin): a tooth
value for Mobility and SkipTooth, six surface values for the rest, and a flag sum (bleeding 1,
suppuration 2, plaque 4, calculus 8) for BleedSupPlaqCalc. ``POST /perioexams`` may carry a
whole chart as four strings, read as the Perio Chart's auto-advance does: probing digits
surface by surface from the patient's right to their left, a flag letter marking the surface
just probed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import Patient, PerioExam, PerioMeasure, Provider
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import od_date as date_text
from dentin.wire import od_datetime as datetime_text

SEQUENCE = enums.OdEnum(
    "PerioSequenceType",
    {"Mobility": 0, "Furcation": 1, "GingMargin": 2, "MGJ": 3, "Probing": 4, "SkipTooth": 5,
     "BleedSupPlaqCalc": 6},
    aliases={"Bleeding": "BleedSupPlaqCalc"},
)  # fmt: skip
MOBILITY, FURCATION, GING_MARGIN, MGJ, PROBING, SKIP_TOOTH, BLEEDING = range(7)
SURFACES = ("MBvalue", "Bvalue", "DBvalue", "MLvalue", "Lvalue", "DLvalue")
VALUES = ("ToothValue", *SURFACES)
FLAGS = {"b": 1, "s": 2, "p": 4, "c": 8}
NONE = -1
NOTE = 65_000
# POST /perioexams' chart strings: (field, teeth in the order probed, surfaces of a tooth on
# the patient's right side in the order probed). Crossing the midline reverses the surfaces.
REGIONS = (
    ("UpperFacial", range(1, 17), ("DBvalue", "Bvalue", "MBvalue")),
    ("UpperLingual", range(1, 17), ("DLvalue", "Lvalue", "MLvalue")),
    ("LowerLingual", range(32, 16, -1), ("DLvalue", "Lvalue", "MLvalue")),
    ("LowerFacial", range(32, 16, -1), ("DBvalue", "Bvalue", "MBvalue")),
)


def perioexam(e: Any) -> Row:
    return {
        "PerioExamNum": e.PerioExamNum,
        "PatNum": e.PatNum,
        "ExamDate": date_text(e.ExamDate),
        "ProvNum": e.ProvNum,
        "DateTMeasureEdit": datetime_text(e.DateTMeasureEdit),
        "Note": e.Note,
    }


def periomeasure(m: Any) -> Row:
    return {
        "PerioMeasureNum": m.PerioMeasureNum,
        "PerioExamNum": m.PerioExamNum,
        "SequenceType": SEQUENCE.text(m.SequenceType),
        "IntTooth": m.IntTooth,
        "ToothValue": m.ToothValue,
        "MBvalue": m.MBvalue,
        "Bvalue": m.Bvalue,
        "DBvalue": m.DBvalue,
        "MLvalue": m.MLvalue,
        "Lvalue": m.Lvalue,
        "DLvalue": m.DLvalue,
        "SecDateTEdit": datetime_text(m.SecDateTEdit),
    }


# -- the rules of each kind of measurement ---------------------------------------------------


def _surface_range(kind: int) -> str:
    return {
        BLEEDING: "0 to 15",
        GING_MARGIN: "-1, 0 to 19 or 101 to 119",
    }.get(kind, "-1 or 0 to 19")


def _surface_ok(kind: int, value: int) -> bool:
    if kind == BLEEDING:
        return 0 <= value <= 15
    if kind == GING_MARGIN and 101 <= value <= 119:
        return True
    return value == NONE or 0 <= value <= 19


def check(row: PerioMeasure) -> None:
    """400 naming the value when a measurement breaks its kind's rules."""
    kind, name = row.SequenceType, SEQUENCE.text(row.SequenceType)
    surfaces = {s: getattr(row, s) for s in SURFACES}
    if kind in (MOBILITY, SKIP_TOOTH):
        allowed = "1" if kind == SKIP_TOOTH else "0 to 19"
        if not (row.ToothValue == 1 if kind == SKIP_TOOTH else 0 <= row.ToothValue <= 19):
            raise BadRequest(f"ToothValue of a {name} measurement must be {allowed}.")
        if any(v != NONE for v in surfaces.values()):
            raise BadRequest(f"A {name} measurement has no surface values: send each as -1.")
        return
    if row.ToothValue != NONE:
        raise BadRequest(f"ToothValue of a {name} measurement must be -1 (none).")
    for surface, value in surfaces.items():
        if not _surface_ok(kind, value):
            raise BadRequest(f"{surface} of a {name} measurement must be {_surface_range(kind)}.")
    lingual = any(surfaces[s] != NONE for s in ("MLvalue", "Lvalue", "DLvalue"))
    if kind == MGJ and row.IntTooth <= 16 and lingual:
        raise BadRequest("An upper tooth's MGJ has no lingual values: send them as -1.")
    if kind != BLEEDING and all(v == NONE for v in surfaces.values()):
        raise BadRequest(f"A {name} measurement needs at least one surface value.")


def _values(row: PerioMeasure, f: Fields) -> None:
    for name in VALUES:
        value = f.number(name, minimum=NONE)
        if value is not None:
            setattr(row, name, value)


# -- exams ---------------------------------------------------------------------------------


def _chart(f: Fields) -> dict[int, dict[str, list[int]]]:
    """tooth → {"probe": six values, "flags": six sums} from the four chart strings."""
    teeth: dict[int, dict[str, list[int]]] = {}
    for field, order, right_side in REGIONS:
        text = f.text(field, max_length=10_000) or ""
        slots: list[tuple[int, str]] = []
        for tooth in order:
            left = (tooth >= 9) if tooth <= 16 else (tooth <= 24)
            surfaces = tuple(reversed(right_side)) if left else right_side
            slots += [(tooth, s) for s in surfaces]
        at = -1
        for char in text.lower():
            if char.isdigit():
                if at + 1 == len(slots):
                    break  # the region is fully measured: the rest is ignored
                at += 1
                tooth, surface = slots[at]
                entry = teeth.setdefault(tooth, {"probe": [NONE] * 6, "flags": [0] * 6})
                entry["probe"][SURFACES.index(surface)] = int(char)
            elif char in FLAGS and at >= 0:
                tooth, surface = slots[at]
                teeth[tooth]["flags"][SURFACES.index(surface)] |= FLAGS[char]
    return teeth


def create_perioexam(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    chart = _chart(f)
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        sent, day = f.date("ExamDate")
        exam = PerioExam(
            PatNum=pat_num,
            ExamDate=day if sent and day is not None else now.date(),
            ProvNum=patient.PriProv,
            DateTMeasureEdit=now,
            Note="",
        )
        _exam_fields(session, exam, f)
        session.add(exam)
        session.flush()
        for tooth, entry in sorted(chart.items()):
            session.add(_measure(exam.PerioExamNum, PROBING, tooth, entry["probe"], now))
            if any(entry["flags"]):
                session.add(_measure(exam.PerioExamNum, BLEEDING, tooth, entry["flags"], now))
        return exam.PerioExamNum


def _measure(exam: int, kind: int, tooth: int, values: list[int], now: Any) -> PerioMeasure:
    row = PerioMeasure(PerioExamNum=exam, SequenceType=kind, IntTooth=tooth, ToothValue=NONE,
                       SecDateTEntry=now, SecDateTEdit=now)  # fmt: skip
    for surface, value in zip(SURFACES, values, strict=True):
        setattr(row, surface, value)
    return row


def _exam_fields(session: Session, exam: PerioExam, f: Fields) -> None:
    sent, day = f.date("ExamDate")
    if sent:
        if day is None:
            raise BadRequest("ExamDate may not be 0001-01-01: send the exam's date, yyyy-MM-dd.")
        exam.ExamDate = day
    prov = f.number("ProvNum")
    if prov is not None:
        exam.ProvNum = get_or_404(session, Provider, prov, "ProvNum").ProvNum if prov else 0
    note = f.text("Note", max_length=NOTE)
    if note is not None:
        exam.Note = note


def update_perioexam(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        exam = get_or_404(session, PerioExam, num, "PerioExamNum")
        _exam_fields(session, exam, f)
        exam.DateTMeasureEdit = office_now(db, session)


def delete_perioexam(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        exam = get_or_404(session, PerioExam, num, "PerioExamNum")
        session.execute(delete(PerioMeasure).where(PerioMeasure.PerioExamNum == num))
        session.delete(exam)


# -- measurements --------------------------------------------------------------------------


def create_periomeasure(db: OfficeDatabase, f: Fields) -> int:
    exam_num = f.required_int("PerioExamNum")
    kind = f.enum("SequenceType", SEQUENCE)  # None when absent or null
    if kind is None:
        raise BadRequest(f"SequenceType is required: one of {SEQUENCE.choices()}.")
    tooth = f.required_int("IntTooth")
    if not 1 <= tooth <= 32:
        raise BadRequest(f"IntTooth must be 1 to 32, got {tooth}.")
    with db.transaction() as session:
        exam = get_or_404(session, PerioExam, exam_num, "PerioExamNum")
        taken = session.scalar(
            select(PerioMeasure.PerioMeasureNum).where(
                PerioMeasure.PerioExamNum == exam_num,
                PerioMeasure.IntTooth == tooth,
                PerioMeasure.SequenceType == kind,
            )
        )
        if taken is not None:
            raise BadRequest(
                f"PerioExamNum {exam_num} already has a {SEQUENCE.text(kind)} measurement of "
                f"tooth {tooth} (PerioMeasureNum {taken}); change it with "
                f"PUT /periomeasures/{taken}."
            )
        now = office_now(db, session)
        row = _measure(exam_num, kind, tooth, [NONE] * 6, now)
        if kind == BLEEDING:
            for surface in SURFACES:
                setattr(row, surface, 0)
        _values(row, f)
        check(row)
        session.add(row)
        exam.DateTMeasureEdit = now
        session.flush()
        return row.PerioMeasureNum


def update_periomeasure(db: OfficeDatabase, num: int, f: Fields) -> None:
    for fixed in ("PerioExamNum", "SequenceType", "IntTooth"):
        if f.has(fixed):
            raise BadRequest(f"{fixed} cannot be changed: delete the measurement and add another.")
    with db.transaction() as session:
        row = get_or_404(session, PerioMeasure, num, "PerioMeasureNum")
        _values(row, f)
        check(row)
        now = office_now(db, session)
        row.SecDateTEdit = now
        exam = session.get(PerioExam, row.PerioExamNum)
        if exam is not None:
            exam.DateTMeasureEdit = now


def delete_periomeasure(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, PerioMeasure, num, "PerioMeasureNum")
        if row.SequenceType not in (MOBILITY, SKIP_TOOTH):
            raise BadRequest(
                f"Only Mobility and SkipTooth measurements can be deleted; PerioMeasureNum {num} "
                f"is {SEQUENCE.text(row.SequenceType)}: send -1 for its values with PUT instead."
            )
        session.delete(row)
