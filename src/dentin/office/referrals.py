"""Referral sources (a provider, a patient, or a non-person such as an ad) and the patients
attached to them (``refattach``): Open Dental's JSON and the writes its apireferrals and
apirefattaches pages document.

A source made for a patient copies that patient's name and address and may afterwards change
only its notes; one with a specialty (a definition of category 35) is a doctor; one with
neither is a non-person. Attaching by ``referralName`` finds a source by its exact LName or
makes a non-person one.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import Defs
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import Patient, ProcedureLog, Provider, RefAttach, Referral
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import ascii_digits
from dentin.wire import od_date as date_text
from dentin.wire import od_datetime as datetime_text

od_bool = enums.od_bool
SPECIALTIES = 35  # Open Dental's DefCat ProviderSpecialties
REFERRAL_TYPE = enums.OdEnum("ReferralType", {"RefTo": 0, "RefFrom": 1, "RefCustom": 2})
REF_TO_STATUS = enums.OdEnum(
    "ReferralToStatus",
    {"None": 0, "Declined": 1, "Scheduled": 2, "Consulted": 3, "InTreatment": 4, "Complete": 5},
)
REF_TO = 0
NOTE = 65_000
# (field, longest) of the referral's plain text fields.
TEXTS = (
    ("LName", 100), ("FName", 100), ("MName", 100), ("Address", 100), ("Address2", 100),
    ("City", 50), ("Zip", 10), ("Phone2", 30), ("Title", 255), ("EMail", 255),
    ("BusinessName", 255), ("DisplayNote", 255),
)  # fmt: skip
PATIENT_SOURCE_FIELDS = {"note", "displaynote"}


def referral(r: Any, defs: Defs) -> Row:
    return {
        "ReferralNum": r.ReferralNum,
        "LName": r.LName,
        "FName": r.FName,
        "MName": r.MName,
        "SSN": r.SSN,
        "UsingTIN": od_bool(r.UsingTIN),
        "Specialty": r.Specialty,
        "specialty": defs.name(r.Specialty) if r.Specialty else "",
        "ST": r.ST,
        "Telephone": r.Telephone,
        "Address": r.Address,
        "Address2": r.Address2,
        "City": r.City,
        "Zip": r.Zip,
        "Note": r.Note,
        "Phone2": r.Phone2,
        "IsHidden": od_bool(r.IsHidden),
        "NotPerson": od_bool(r.NotPerson),
        "Title": r.Title,
        "EMail": r.EMail,
        "PatNum": r.PatNum,
        "IsDoctor": od_bool(r.IsDoctor),
        "DateTStamp": datetime_text(r.DateTStamp),
        "IsPreferred": od_bool(r.IsPreferred),
        "BusinessName": r.BusinessName,
        "DisplayNote": r.DisplayNote,
        "isPatient": od_bool(r.PatNum != 0),
    }


def referral_name(r: Any) -> str:
    """As Open Dental names a source in lists: "Steve N Stevens, DDS"; a non-person its LName."""
    if r.NotPerson:
        return str(r.LName)
    name = " ".join(part for part in (r.FName, r.MName, r.LName) if part)
    return f"{name}, {r.Title}" if r.Title else name


def refattach(a: Any, names: dict[int, str]) -> Row:
    return {
        "RefAttachNum": a.RefAttachNum,
        "ReferralNum": a.ReferralNum,
        "referralName": names.get(a.ReferralNum, ""),
        "PatNum": a.PatNum,
        "ItemOrder": a.ItemOrder,
        "RefDate": date_text(a.RefDate),
        "ReferralType": REFERRAL_TYPE.text(a.RefType),
        "RefToStatus": REF_TO_STATUS.text(a.RefToStatus),
        "Note": a.Note,
        "IsTransitionOfCare": od_bool(a.IsTransitionOfCare),
        "ProcNum": a.ProcNum,
        "DateProcComplete": date_text(a.DateProcComplete),
        "ProvNum": a.ProvNum,
        "DateTStamp": datetime_text(a.DateTStamp),
    }


def names_of(session: Session, nums: set[int]) -> dict[int, str]:
    if not nums:
        return {}
    rows = session.scalars(select(Referral).where(Referral.ReferralNum.in_(nums)))
    return {r.ReferralNum: referral_name(r) for r in rows}


# -- referral writes -----------------------------------------------------------------------


def _specialty(defs: Defs, f: Fields) -> int | None:
    """``Specialty`` (a DefNum) and ``specialty`` (its name) arrive under one key."""
    raw = f.raw("Specialty")
    if raw is None:
        return None
    if isinstance(raw, str) and not ascii_digits(raw.strip()):
        return defs.by_name(raw, SPECIALTIES, "specialty")
    num = f.number("Specialty")
    assert num is not None
    return defs.require(num, SPECIALTIES, "Specialty") if num else 0


def _apply(row: Referral, f: Fields, defs: Defs) -> None:
    for name, longest in TEXTS:
        value = f.text(name, max_length=longest)
        if value is not None:
            if name == "LName" and not value.strip():
                raise BadRequest("LName may not be blank: the source's last name or description.")
            setattr(row, name, value)
    note = f.text("Note", max_length=NOTE)
    if note is not None:
        row.Note = note
    ssn = f.text("SSN")
    if ssn is not None:
        if not re.fullmatch(r"\d{0,9}", ssn.strip()):
            raise BadRequest(f"SSN must be at most 9 digits with no punctuation, got {ssn!r}.")
        row.SSN = ssn.strip()
    state = f.text("ST")
    if state is not None:
        if len(state.strip()) > 2:
            raise BadRequest(f"ST is two characters at most, got {state!r}.")
        row.ST = state.strip()
    phone = f.text("Telephone")
    if phone is not None:
        if phone.strip() and not re.fullmatch(r"\d{10}", phone.strip()):
            raise BadRequest(f"Telephone must be ten digits, got {phone!r}.")
        row.Telephone = phone.strip()
    specialty = _specialty(defs, f)
    if specialty is not None:
        row.Specialty = specialty
    for flag in ("UsingTIN", "NotPerson", "IsDoctor", "IsHidden", "IsPreferred"):
        chosen = f.flag(flag)
        if chosen is not None:
            setattr(row, flag, int(chosen))


def _blank_referral(now: Any) -> Referral:
    return Referral(
        LName="", FName="", MName="", SSN="", ST="", Telephone="", Address="", Address2="",
        City="", Zip="", Note="", Phone2="", Title="", EMail="", NationalProvID="",
        BusinessName="", DisplayNote="", UsingTIN=0, Specialty=0, IsHidden=0, NotPerson=0,
        PatNum=0, Slip=0, IsDoctor=0, IsTrustedDirect=0, IsPreferred=0, DateTStamp=now,
    )  # fmt: skip


def create_referral(db: OfficeDatabase, f: Fields) -> int:
    lname = f.required_str("LName", max_length=100)
    pat_num = f.number("PatNum") or 0
    with db.transaction() as session:
        defs = Defs.load(session)
        row = _blank_referral(office_now(db, session))
        if pat_num:
            patient = get_or_404(session, Patient, pat_num, "PatNum")
            if patient.LName.strip().lower() != lname.strip().lower():
                raise BadRequest(
                    f"LName {lname!r} does not match PatNum {pat_num}'s last name "
                    f"{patient.LName!r}; a patient source takes the patient's own name."
                )
            row.PatNum = pat_num
            row.LName, row.FName, row.MName = patient.LName, patient.FName, patient.MiddleI
            row.Address, row.Address2, row.City = patient.Address, patient.Address2, patient.City
            row.ST, row.Zip, row.EMail = patient.State[:2], patient.Zip[:10], patient.Email
            row.Telephone = re.sub(r"\D", "", patient.HmPhone)[:10]
            row.Phone2 = patient.WirelessPhone[:30]
            for name in ("Note", "DisplayNote"):
                value = f.text(name, max_length=NOTE)
                if value is not None:
                    setattr(row, name, value)
        else:
            _apply(row, f, defs)
            if row.Specialty:
                row.IsDoctor = 1 if f.flag("IsDoctor") is None else row.IsDoctor
            elif f.flag("NotPerson") is None:
                row.NotPerson = 1
        session.add(row)
        session.flush()
        return row.ReferralNum


def update_referral(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Referral, num, "ReferralNum")
        if row.PatNum:
            others = sorted(k for k in f.body.fields() if k.lower() not in PATIENT_SOURCE_FIELDS)
            if others:
                raise BadRequest(
                    f"ReferralNum {num} is a patient (PatNum {row.PatNum}): only Note and "
                    f"DisplayNote may change; change the patient instead of {', '.join(others)}."
                )
        _apply(row, f, Defs.load(session))
        row.DateTStamp = office_now(db, session)


# -- refattach writes ----------------------------------------------------------------------


def _source(db: OfficeDatabase, session: Session, f: Fields) -> int:
    num = f.number("ReferralNum")
    if num:
        get_or_404(session, Referral, num, "ReferralNum")
        return num
    name = f.text("referralName", max_length=100)
    if name is None or not name.strip():
        raise BadRequest(
            "ReferralNum or referralName is required: the referral source to attach (see "
            "GET /referrals)."
        )
    found = session.scalar(
        select(Referral.ReferralNum)
        .where(func.lower(Referral.LName) == name.strip().lower())
        .order_by(Referral.ReferralNum)
        .limit(1)
    )
    if found is not None:
        return int(found)
    row = _blank_referral(office_now(db, session))
    row.LName, row.NotPerson = name.strip(), 1
    session.add(row)
    session.flush()
    return row.ReferralNum


def _apply_attach(session: Session, row: RefAttach, f: Fields) -> None:
    sent, day = f.date("RefDate")
    if sent:
        row.RefDate = day
    kind = f.enum("ReferralType", REFERRAL_TYPE)
    if kind is not None:
        row.RefType = kind
    status = f.enum("RefToStatus", REF_TO_STATUS)
    if status is not None:
        row.RefToStatus = status
    note = f.text("Note", max_length=NOTE)
    if note is not None:
        row.Note = note
    care = f.flag("IsTransitionOfCare")
    if care is not None:
        row.IsTransitionOfCare = int(care)
    proc = f.number("ProcNum")
    if proc is not None:
        if proc:
            get_or_404(session, ProcedureLog, proc, "ProcNum")
        row.ProcNum = proc
    sent, done = f.date("DateProcComplete")
    if sent:
        row.DateProcComplete = done
    prov = f.number("ProvNum")
    if prov is not None:
        if prov:
            get_or_404(session, Provider, prov, "ProvNum")
        row.ProvNum = prov
    if row.ProvNum and row.RefType != REF_TO:
        raise BadRequest('ProvNum can only be given when ReferralType is "RefTo".')


def create_refattach(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        source = _source(db, session, f)
        now = office_now(db, session)
        last = session.scalar(
            select(func.max(RefAttach.ItemOrder)).where(RefAttach.PatNum == pat_num)
        )
        row = RefAttach(
            ReferralNum=source, PatNum=pat_num,
            ItemOrder=0 if last is None else int(last) + 1,
            RefDate=now.date(), RefType=REFERRAL_TYPE.parse("RefFrom", "ReferralType"),
            RefToStatus=0, Note="", IsTransitionOfCare=0, ProcNum=0, ProvNum=0, DateTStamp=now,
        )  # fmt: skip
        _apply_attach(session, row, f)
        session.add(row)
        session.flush()
        return row.RefAttachNum


def update_refattach(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, RefAttach, num, "RefAttachNum")
        source = f.number("ReferralNum")
        if source is not None:
            get_or_404(session, Referral, source, "ReferralNum")
            row.ReferralNum = source
        _apply_attach(session, row, f)
        row.DateTStamp = office_now(db, session)


def delete_refattach(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        session.delete(get_or_404(session, RefAttach, num, "RefAttachNum"))
