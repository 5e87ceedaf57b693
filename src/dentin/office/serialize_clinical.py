"""Clinical rows → Open Dental's JSON, field for field, in the order its API pages print them.

The lower-camel fields (``defDescription``, ``medName``, ``diseaseDefName``, ``genericName``)
are the names of the definitions the row points at, as Open Dental joins them in; callers pass
those names in (``names``), loaded once per page, not once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.office import enums
from dentin.office.models import (
    Allergy,
    AllergyDef,
    Disease,
    DiseaseDef,
    Medication,
    MedicationPat,
    PatField,
    PatFieldDef,
    PatientNote,
    ToothInitial,
)
from dentin.office.serialize import Record, double_text
from dentin.wire import od_date as day
from dentin.wire import od_datetime as moment

Row = dict[str, Any]


def names(session: Session, column: Any, key: Any, nums: Iterable[int]) -> dict[int, Any]:
    """``{key: column}`` for the rows whose key is in ``nums`` (0 never is)."""
    wanted = {n for n in nums if n}
    if not wanted:
        return {}
    return dict(session.execute(select(key, column).where(key.in_(wanted))).all())


def allergy(a: Allergy | Record, defs: dict[int, tuple[str, int]]) -> Row:
    description, snomed = defs.get(a.AllergyDefNum, ("", 0))
    return {
        "AllergyNum": a.AllergyNum,
        "AllergyDefNum": a.AllergyDefNum,
        "PatNum": a.PatNum,
        "defDescription": description,
        "defSnomedType": enums.SNOMED_ALLERGY.text(snomed),
        "Reaction": a.Reaction,
        "StatusIsActive": enums.od_bool(a.StatusIsActive),
        "DateTStamp": moment(a.DateTStamp),
        "DateAdverseReaction": day(a.DateAdverseReaction),
    }


def allergy_defs(session: Session, nums: Iterable[int]) -> dict[int, tuple[str, int]]:
    wanted = {n for n in nums if n}
    if not wanted:
        return {}
    rows = session.execute(
        select(AllergyDef.AllergyDefNum, AllergyDef.Description, AllergyDef.SnomedType).where(
            AllergyDef.AllergyDefNum.in_(wanted)
        )
    )
    return {num: (description, snomed) for num, description, snomed in rows}


def allergydef(d: AllergyDef | Record) -> Row:
    """apiallergydefs.html shows ``SnomedType`` "" where the kind is not set."""
    return {
        "AllergyDefNum": d.AllergyDefNum,
        "Description": d.Description,
        "IsHidden": enums.od_bool(d.IsHidden),
        "DateTStamp": moment(d.DateTStamp),
        "SnomedType": enums.SNOMED_ALLERGY.text(d.SnomedType) if d.SnomedType else "",
        "MedicationNum": d.MedicationNum,
        "UniiCode": d.UniiCode,
    }


def medication(m: Medication | Record, generics: dict[int, str]) -> Row:
    """A medication with no generic of its own is its own generic (``GenericNum`` = itself)."""
    generic = m.GenericNum or m.MedicationNum
    return {
        "MedicationNum": m.MedicationNum,
        "MedName": m.MedName,
        "GenericNum": generic,
        "genericName": m.MedName if generic == m.MedicationNum else generics.get(generic, ""),
        "Notes": m.Notes,
        "DateTStamp": moment(m.DateTStamp),
        "IsHidden": enums.od_bool(m.IsHidden),
    }


def medicationpat(m: MedicationPat | Record, meds: dict[int, str]) -> Row:
    """``medName`` is the medication's name, or the free-text description of an eRx entry
    that names no medication row (``MedDescript``), as Open Dental shows it."""
    return {
        "MedicationPatNum": m.MedicationPatNum,
        "PatNum": m.PatNum,
        "medName": meds.get(m.MedicationNum, "") if m.MedicationNum else m.MedDescript,
        "MedicationNum": m.MedicationNum,
        "PatNote": m.PatNote,
        "DateStart": day(m.DateStart),
        "DateStop": day(m.DateStop),
        "ProvNum": m.ProvNum,
    }


def disease(d: Disease | Record, defs: dict[int, str]) -> Row:
    return {
        "DiseaseNum": d.DiseaseNum,
        "PatNum": d.PatNum,
        "DiseaseDefNum": d.DiseaseDefNum,
        "diseaseDefName": defs.get(d.DiseaseDefNum, ""),
        "PatNote": d.PatNote,
        "ProbStatus": enums.PROB_STATUS.text(d.ProbStatus),
        "DateStart": day(d.DateStart),
        "DateStop": day(d.DateStop),
    }


def diseasedef(d: DiseaseDef | Record) -> Row:
    return {
        "DiseaseDefNum": d.DiseaseDefNum,
        "DiseaseName": d.DiseaseName,
        "IsHidden": enums.od_bool(d.IsHidden),
        "DateTStamp": moment(d.DateTStamp),
        "ICD9Code": d.ICD9Code,
        "ICD10Code": d.Icd10Code,
        "SnomedCode": d.SnomedCode,
    }


def patientnote(pat_num: int, n: PatientNote | Record | None, fam_financial: str) -> Row:
    """A patient without a note row has an empty note (Open Dental makes the row on first
    use); ``FamFinancial`` is the family's, kept on the guarantor's row."""
    return {
        "PatNum": pat_num,
        "FamFinancial": fam_financial,
        "Medical": n.Medical if n else "",
        "Service": n.Service if n else "",
        "MedicalComp": n.MedicalComp if n else "",
        "Treatment": n.Treatment if n else "",
        "ICEName": n.ICEName if n else "",
        "ICEPhone": n.ICEPhone if n else "",
        "SecDateTEntry": moment(n.SecDateTEntry if n else None),
        "SecDateTEdit": moment(n.SecDateTEdit if n else None),
    }


def patfield(f: PatField | Record) -> Row:
    return {
        "PatFieldNum": f.PatFieldNum,
        "PatNum": f.PatNum,
        "FieldName": f.FieldName,
        "FieldValue": f.FieldValue,
        "SecDateEntry": day(f.SecDateEntry),
        "SecDateTEdit": moment(f.SecDateTEdit),
    }


def patfielddef(d: PatFieldDef | Record) -> Row:
    """``PickList`` stays blank, as Open Dental shows it since its choices moved to
    ``patfieldpickitem`` (24.1)."""
    return {
        "PatFieldDefNum": d.PatFieldDefNum,
        "FieldName": d.FieldName,
        "FieldType": enums.PAT_FIELD_TYPE.text(d.FieldType),
        "PickList": "",
        "IsHidden": enums.od_bool(d.IsHidden),
    }


def color(argb: int) -> str:
    """A stored .NET ARGB colour as Open Dental's API spells it: "r,g,b"."""
    return f"{(argb >> 16) & 255},{(argb >> 8) & 255},{argb & 255}"


def toothinitial(t: ToothInitial | Record) -> Row:
    return {
        "ToothInitialNum": t.ToothInitialNum,
        "PatNum": t.PatNum,
        "ToothNum": t.ToothNum,
        "InitialType": enums.TOOTH_INITIAL_TYPE.text(t.InitialType),
        "Movement": double_text(t.Movement) if t.Movement else "0",
        "DrawingSegment": t.DrawingSegment,
        "ColorDraw": color(t.ColorDraw),
        "SecDateTEntry": moment(t.SecDateTEntry),
        "SecDateTEdit": moment(t.SecDateTEdit),
        "DrawText": t.DrawText,
    }
