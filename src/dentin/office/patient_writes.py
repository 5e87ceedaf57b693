"""Creating and changing patients with Open Dental's rules.

POST needs only LName and FName; a new patient is their own guarantor unless one is named.
PUT changes only what is sent, and ``""`` clears a string field, except the names, which a
patient must keep. Open Dental refuses an obvious duplicate (same name and birthdate, and the
same email or phone); so do we, naming the existing PatNum.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import BILLING_TYPES, Defs
from dentin.office.fields import Fields, check_zip
from dentin.office.listing import get_or_404
from dentin.office.models import Clinic, Patient, Provider
from dentin.office.registry import OfficeDatabase
from dentin.office.slots import default_provider
from dentin.wire import ascii_digits

# Clearable strings and their column lengths.
STRINGS: dict[str, int] = {
    "MiddleI": 100,
    "Preferred": 100,
    "SSN": 100,
    "Address": 255,
    "Address2": 255,
    "City": 100,
    "State": 100,
    "Zip": 100,
    "HmPhone": 30,
    "WkPhone": 30,
    "WirelessPhone": 30,
    "Email": 100,
    "ChartNumber": 100,
    "MedicaidID": 20,
    "Language": 100,
}
ENUMS = {
    "PatStatus": enums.PAT_STATUS,
    "Gender": enums.GENDER,
    "Position": enums.POSITION,
    "PreferConfirmMethod": enums.CONTACT_METHOD,
    "PreferContactMethod": enums.CONTACT_METHOD,
    "PreferRecallMethod": enums.CONTACT_METHOD,
    "TxtMsgOk": enums.YES_NO_UNKNOWN,
}
NUMBERS = ("FeeSched", "EmployerNum", "SuperFamily")


def create_patient(db: OfficeDatabase, f: Fields) -> int:
    lname = f.required_str("LName", max_length=100).strip()
    fname = f.required_str("FName", max_length=100).strip()
    with db.transaction() as session:
        now = office_now(db, session)
        patient = Patient(
            LName=lname,
            FName=fname,
            Gender=enums.GENDER.parse("Unknown", "Gender"),
            DateTStamp=now,
            SecDateEntry=now.date(),
            PriProv=default_provider(session),
            BillingType=Defs.load(session).first(BILLING_TYPES),
        )
        for name in STRINGS:
            setattr(patient, name, "")
        _apply(session, patient, f)
        _refuse_duplicate(session, patient)
        session.add(patient)
        session.flush()
        if not patient.Guarantor:
            patient.Guarantor = patient.PatNum
        return patient.PatNum


def update_patient(db: OfficeDatabase, pat_num: int, f: Fields) -> int:
    with db.transaction() as session:
        patient = session.scalars(
            select(Patient).where(Patient.PatNum == pat_num).with_for_update()
        ).first()
        if patient is None:
            raise NotFound(f"PatNum {pat_num} was not found in this office.")
        for name in ("LName", "FName"):
            value = f.text(name, max_length=100)
            if value is not None:
                if not value.strip():
                    raise BadRequest(f"{name} cannot be cleared; send a non-blank name.")
                setattr(patient, name, value.strip())
        _apply(session, patient, f)
        patient.DateTStamp = office_now(db, session)
        return patient.PatNum


def _apply(session: Session, patient: Patient, f: Fields) -> None:
    for name, length in STRINGS.items():
        value = f.text(name, max_length=length)
        if value is not None:
            setattr(patient, name, check_zip(value) if name == "Zip" else value.strip())
    for name, kind in ENUMS.items():
        number = f.enum(name, kind)
        if number is not None:
            setattr(patient, name, number)
    for name in NUMBERS:
        number = f.number(name)
        if number is not None:
            setattr(patient, name, number)
    for name in ("Birthdate", "DateFirstVisit"):
        sent, day = f.date(name)
        if sent:
            setattr(patient, name, day)
    for name in ("PriProv", "SecProv"):
        prov = f.number(name)
        if prov is not None:
            if prov:
                get_or_404(session, Provider, prov, name)
            setattr(patient, name, prov)
    clinic = f.number("ClinicNum")
    if clinic is not None:
        if clinic:
            get_or_404(session, Clinic, clinic, "ClinicNum")
        patient.ClinicNum = clinic
    guarantor = f.number("Guarantor")
    if guarantor is not None and guarantor != patient.PatNum:
        if guarantor:
            get_or_404(session, Patient, guarantor, "Guarantor")
        patient.Guarantor = guarantor
    billing = f.raw("BillingType")
    if billing is not None:
        defs = Defs.load(session)
        if isinstance(billing, str) and not ascii_digits(billing.strip()):
            patient.BillingType = defs.by_name(billing, BILLING_TYPES, "BillingType")
        else:
            number = f.number("BillingType")
            assert number is not None
            patient.BillingType = defs.require(number, BILLING_TYPES, "BillingType")


def _refuse_duplicate(session: Session, patient: Patient) -> None:
    if patient.Birthdate is None:
        return
    contacts = []
    if patient.Email:
        contacts.append(func.lower(Patient.Email) == patient.Email.lower())
    for phone in {patient.HmPhone, patient.WirelessPhone, patient.WkPhone} - {""}:
        contacts.extend(
            [Patient.HmPhone == phone, Patient.WirelessPhone == phone, Patient.WkPhone == phone]
        )
    if not contacts:
        return
    existing = session.scalar(
        select(Patient.PatNum)
        .where(
            func.lower(Patient.LName) == patient.LName.lower(),
            func.lower(Patient.FName) == patient.FName.lower(),
            Patient.Birthdate == patient.Birthdate,
            or_(*contacts),
        )
        .limit(1)
    )
    if existing is not None:
        raise BadRequest(
            f"Patient {existing} already has this name, birthdate and email or phone; "
            f"update it with PUT /patients/{existing} instead of creating a duplicate."
        )
