"""Writing a patient's medical history: allergies, medications, problems and notes.

Each function is one transaction, refuses what Open Dental refuses with a sentence naming the
field (its own words where its pages print them: "Description is required", "A DiseaseDef
with that name already exists"), and stamps ``DateTStamp`` on the office's clock. Definitions
named by text (``defDescription``, ``medName``, ``diseaseDefName``) are matched without regard
to case and created when missing, as Open Dental does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Allergy,
    AllergyDef,
    Disease,
    DiseaseDef,
    Medication,
    MedicationPat,
    Patient,
    PatientNote,
    Provider,
)
from dentin.office.registry import OfficeDatabase

NOTE = 65_000


def _patient(session: Session, pat_num: int) -> Patient:
    return get_or_404(session, Patient, pat_num, "PatNum")


def _by_name(session: Session, column: Any, name: str) -> Any:
    return session.scalars(
        select(column.class_).where(func.lower(column) == name.strip().lower()).limit(1)
    ).first()


def _day(f: Fields, name: str) -> tuple[bool, dt.date | None]:
    return f.date(name)


def _provider(session: Session, f: Fields) -> int | None:
    prov = f.number("ProvNum")
    if prov:
        get_or_404(session, Provider, prov, "ProvNum")
    return prov


# -- allergies -----------------------------------------------------------------------------


def create_allergydef(db: OfficeDatabase, f: Fields) -> int:
    description = (f.text("Description") or "").strip()
    if not description:
        raise BadRequest('Description is required: send the allergy\'s name, such as "Latex".')
    with db.transaction() as session:
        if _by_name(session, AllergyDef.Description, description) is not None:
            raise BadRequest(
                f"An AllergyDef with that name already exists: {description!r}; "
                "use its AllergyDefNum from GET /allergydefs."
            )
        row = AllergyDef(Description=description, DateTStamp=office_now(db, session))
        session.add(row)
        session.flush()
        return row.AllergyDefNum


def _allergy_def(db: OfficeDatabase, session: Session, f: Fields) -> int:
    num = f.number("AllergyDefNum")
    if num:
        get_or_404(session, AllergyDef, num, "AllergyDefNum")
        return num
    description = (f.text("defDescription") or "").strip()
    if not description:
        raise BadRequest(
            "defDescription is required (or AllergyDefNum): send the allergy's name, such as "
            '"Penicillin".'
        )
    found = _by_name(session, AllergyDef.Description, description)
    if found is not None:
        return int(found.AllergyDefNum)
    row = AllergyDef(Description=description, DateTStamp=office_now(db, session))
    session.add(row)
    session.flush()
    return row.AllergyDefNum


def _allergy_fields(row: Allergy, f: Fields) -> None:
    reaction = f.text("Reaction")
    if reaction is not None:
        row.Reaction = reaction
    active = f.flag("StatusIsActive")
    if active is not None:
        row.StatusIsActive = int(active)
    sent, when = _day(f, "DateAdverseReaction")
    if sent:
        row.DateAdverseReaction = when


def create_allergy(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        _patient(session, pat_num)
        row = Allergy(
            PatNum=pat_num,
            AllergyDefNum=_allergy_def(db, session, f),
            StatusIsActive=1,
            DateTStamp=office_now(db, session),
        )
        _allergy_fields(row, f)
        session.add(row)
        session.flush()
        return row.AllergyNum


def update_allergy(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Allergy, num, "AllergyNum")
        _allergy_fields(row, f)
        row.DateTStamp = office_now(db, session)


def delete_allergy(db: OfficeDatabase, num: int) -> None:
    _delete(db, Allergy, Allergy.AllergyNum, num, "AllergyNum")


# -- medications ---------------------------------------------------------------------------


def create_medication(db: OfficeDatabase, f: Fields) -> int:
    name = (f.text("MedName") or "").strip()
    if not name:
        raise BadRequest('MedName is required: send the medication\'s name, such as "Metformin".')
    notes = f.text("Notes", max_length=NOTE)
    with db.transaction() as session:
        if _by_name(session, Medication.MedName, name) is not None:
            raise BadRequest(
                f"A Medication with that name already exists: {name!r}; use its MedicationNum."
            )
        now = office_now(db, session)
        generic = _generic(db, session, f, now)
        if generic and notes:
            raise BadRequest(
                "Notes can only be set on a generic medication; this one names a generic "
                "(GenericNum or genericName), so put the notes on that one."
            )
        row = Medication(MedName=name, GenericNum=generic, Notes=notes or "", DateTStamp=now)
        session.add(row)
        session.flush()
        if not generic:
            row.GenericNum = row.MedicationNum
        return row.MedicationNum


def _generic(db: OfficeDatabase, session: Session, f: Fields, now: dt.datetime) -> int:
    """The generic a brand names: by number, by name (made when missing), or 0 for itself."""
    num = f.number("GenericNum")
    if num:
        generic = get_or_404(session, Medication, num, "GenericNum")
        return int(generic.MedicationNum)
    name = (f.text("genericName") or "").strip()
    if not name:
        return 0
    found = _by_name(session, Medication.MedName, name)
    if found is not None:
        return int(found.MedicationNum)
    row = Medication(MedName=name, DateTStamp=now)
    session.add(row)
    session.flush()
    row.GenericNum = row.MedicationNum
    return row.MedicationNum


def update_medication(db: OfficeDatabase, num: int, f: Fields) -> None:
    notes = f.text("Notes", max_length=NOTE)
    hidden = f.flag("IsHidden")
    with db.transaction() as session:
        row = get_or_404(session, Medication, num, "MedicationNum")
        if notes is not None:
            if row.GenericNum not in (0, row.MedicationNum):
                raise BadRequest(
                    "Notes can only be set on a generic medication; set them on "
                    f"MedicationNum {row.GenericNum}, this one's generic."
                )
            row.Notes = notes
        if hidden is not None:
            row.IsHidden = int(hidden)
        row.DateTStamp = office_now(db, session)


def _medication_for(db: OfficeDatabase, session: Session, f: Fields) -> int:
    num = f.number("MedicationNum")
    if num:
        get_or_404(session, Medication, num, "MedicationNum")
        return num
    name = (f.text("medName") or "").strip()
    if not name:
        raise BadRequest(
            "medName is required (or MedicationNum): send the medication's name, such as "
            '"Metformin".'
        )
    found = _by_name(session, Medication.MedName, name)
    if found is not None:
        return int(found.MedicationNum)
    row = Medication(MedName=name, DateTStamp=office_now(db, session))
    session.add(row)
    session.flush()
    row.GenericNum = row.MedicationNum  # a new one is assumed generic, as Open Dental does
    return row.MedicationNum


def _medicationpat_fields(session: Session, row: MedicationPat, f: Fields) -> None:
    note = f.text("PatNote", max_length=NOTE)
    if note is not None:
        row.PatNote = note
    for name in ("DateStart", "DateStop"):
        sent, when = _day(f, name)
        if sent:
            setattr(row, name, when)
    prov = _provider(session, f)
    if prov is not None:
        row.ProvNum = prov


def create_medicationpat(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        _patient(session, pat_num)
        row = MedicationPat(
            PatNum=pat_num,
            MedicationNum=_medication_for(db, session, f),
            DateTStamp=office_now(db, session),
        )
        _medicationpat_fields(session, row, f)
        session.add(row)
        session.flush()
        return row.MedicationPatNum


def update_medicationpat(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, MedicationPat, num, "MedicationPatNum")
        _medicationpat_fields(session, row, f)
        row.DateTStamp = office_now(db, session)


def delete_medicationpat(db: OfficeDatabase, num: int) -> None:
    _delete(db, MedicationPat, MedicationPat.MedicationPatNum, num, "MedicationPatNum")


# -- problems ------------------------------------------------------------------------------


def create_diseasedef(db: OfficeDatabase, f: Fields) -> int:
    name = (f.text("DiseaseName") or "").strip()
    if not name:
        raise BadRequest('DiseaseName is required: send the problem\'s name, such as "Asthma".')
    with db.transaction() as session:
        if _by_name(session, DiseaseDef.DiseaseName, name) is not None:
            raise BadRequest(
                f"A DiseaseDef with that name already exists: {name!r}; "
                "use its DiseaseDefNum from GET /diseasedefs."
            )
        order = session.scalar(select(func.coalesce(func.max(DiseaseDef.ItemOrder) + 1, 0)))
        row = DiseaseDef(DiseaseName=name, ItemOrder=order, DateTStamp=office_now(db, session))
        session.add(row)
        session.flush()
        return row.DiseaseDefNum


def _disease_def(db: OfficeDatabase, session: Session, f: Fields) -> int:
    num = f.number("DiseaseDefNum")
    if num:
        get_or_404(session, DiseaseDef, num, "DiseaseDefNum")
        return num
    name = (f.text("diseaseDefName") or "").strip()
    if not name:
        raise BadRequest(
            "diseaseDefName is required (or DiseaseDefNum): send the problem's name, such as "
            '"Diabetes".'
        )
    found = _by_name(session, DiseaseDef.DiseaseName, name)
    if found is not None:
        return int(found.DiseaseDefNum)
    order = session.scalar(select(func.coalesce(func.max(DiseaseDef.ItemOrder) + 1, 0)))
    row = DiseaseDef(DiseaseName=name, ItemOrder=order, DateTStamp=office_now(db, session))
    session.add(row)
    session.flush()
    return row.DiseaseDefNum


def _disease_fields(row: Disease, f: Fields) -> None:
    note = f.text("PatNote", max_length=NOTE)
    if note is not None:
        row.PatNote = note
    status = f.enum("ProbStatus", enums.PROB_STATUS)
    if status is not None:
        row.ProbStatus = status
    for name in ("DateStart", "DateStop"):
        sent, when = _day(f, name)
        if sent:
            setattr(row, name, when)


def create_disease(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        _patient(session, pat_num)
        row = Disease(
            PatNum=pat_num,
            DiseaseDefNum=_disease_def(db, session, f),
            DateTStamp=office_now(db, session),
        )
        _disease_fields(row, f)
        session.add(row)
        session.flush()
        return row.DiseaseNum


def update_disease(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Disease, num, "DiseaseNum")
        _disease_fields(row, f)
        row.DateTStamp = office_now(db, session)


def delete_disease(db: OfficeDatabase, num: int) -> None:
    _delete(db, Disease, Disease.DiseaseNum, num, "DiseaseNum")


# -- patient notes -------------------------------------------------------------------------

NOTE_FIELDS = ("Medical", "Service", "MedicalComp", "Treatment", "ICEName", "ICEPhone")
NOTE_LIMITS = {"ICEName": 255, "ICEPhone": 30}


def _note_row(session: Session, pat_num: int, now: dt.datetime) -> PatientNote:
    row = session.get(PatientNote, pat_num)
    if row is None:
        row = PatientNote(PatNum=pat_num, SecDateTEntry=now, SecDateTEdit=now)
        session.add(row)
    return row


def update_patientnote(db: OfficeDatabase, pat_num: int, f: Fields) -> None:
    """Each sent field replaces the stored one; ``FamFinancial`` goes to the guarantor's row."""
    values = {name: f.text(name, max_length=NOTE_LIMITS.get(name, NOTE)) for name in NOTE_FIELDS}
    family = f.text("FamFinancial", max_length=NOTE)
    with db.transaction() as session:
        patient = _patient(session, pat_num)
        now = office_now(db, session)
        row = _note_row(session, pat_num, now)
        for name, value in values.items():
            if value is not None:
                setattr(row, name, value)
        row.SecDateTEdit = now
        if family is not None:
            head = _note_row(session, patient.Guarantor or pat_num, now)
            head.FamFinancial = family
            head.SecDateTEdit = now


def _delete(db: OfficeDatabase, model: type[Any], pk: Any, num: int, what: str) -> None:
    with db.transaction() as session:
        if session.execute(delete(model).where(pk == num)).rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound(f"{what} {num} was not found in this office.")
