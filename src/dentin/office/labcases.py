"""Lab cases (work sent to a dental lab for a patient, tied to the appointment that seats it)
and the laboratories they go to: Open Dental's JSON and the writes its apilabcases and
apilaboratories pages document.

A case's ``AptNum`` must be one of the patient's Scheduled appointments and its
``PlannedAptNum`` one of their Planned ones, as Open Dental requires; the fee is informational.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.fields import Fields, check_zip
from dentin.office.listing import get_or_404
from dentin.office.models import Appointment, LabCase, Laboratory, Patient, Provider
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import od_datetime as datetime_text

od_bool = enums.od_bool
NOTE = 65_000
MOMENTS = ("DateTimeDue", "DateTimeCreated", "DateTimeSent", "DateTimeRecd", "DateTimeChecked")
LAB_TEXTS = (
    ("Phone", 255), ("Address", 255), ("City", 255), ("State", 255), ("Email", 255),
    ("WirelessPhone", 255), ("Notes", NOTE),
)  # fmt: skip


def labcase(c: Any) -> Row:
    return {
        "LabCaseNum": c.LabCaseNum,
        "PatNum": c.PatNum,
        "LaboratoryNum": c.LaboratoryNum,
        "AptNum": c.AptNum,
        "PlannedAptNum": c.PlannedAptNum,
        "DateTimeDue": datetime_text(c.DateTimeDue),
        "DateTimeCreated": datetime_text(c.DateTimeCreated),
        "DateTimeSent": datetime_text(c.DateTimeSent),
        "DateTimeRecd": datetime_text(c.DateTimeRecd),
        "DateTimeChecked": datetime_text(c.DateTimeChecked),
        "ProvNum": c.ProvNum,
        "Instructions": c.Instructions,
        "LabFee": float(c.LabFee),
        "DateTStamp": datetime_text(c.DateTStamp),
        "InvoiceNum": c.InvoiceNum,
    }


def laboratory(lab: Any) -> Row:
    return {
        "LaboratoryNum": lab.LaboratoryNum,
        "Description": lab.Description,
        "Phone": lab.Phone,
        "Notes": lab.Notes,
        "Slip": lab.Slip,
        "Address": lab.Address,
        "City": lab.City,
        "State": lab.State,
        "Zip": lab.Zip,
        "Email": lab.Email,
        "WirelessPhone": lab.WirelessPhone,
        "IsHidden": od_bool(lab.IsHidden),
    }


# -- lab cases -----------------------------------------------------------------------------


def _appointment(session: Session, f: Fields, field: str, pat_num: int, status: str) -> None:
    """400 unless the number is 0 or one of the patient's appointments in ``status``."""
    num = f.number(field)
    if not num:
        return
    apt = get_or_404(session, Appointment, num, field)
    wanted = enums.APT_STATUS.parse(status, field)
    if apt.PatNum != pat_num or apt.AptStatus != wanted:
        raise BadRequest(
            f"{field} {num} must be one of PatNum {pat_num}'s {status} appointments; it is "
            f"{enums.APT_STATUS.text(apt.AptStatus)} and belongs to PatNum {apt.PatNum}."
        )


def _apply_case(session: Session, row: LabCase, f: Fields) -> None:
    lab = f.number("LaboratoryNum")
    if lab is not None:
        row.LaboratoryNum = get_or_404(session, Laboratory, lab, "LaboratoryNum").LaboratoryNum
    prov = f.number("ProvNum")
    if prov is not None:
        row.ProvNum = get_or_404(session, Provider, prov, "ProvNum").ProvNum
    _appointment(session, f, "AptNum", row.PatNum, "Scheduled")
    _appointment(session, f, "PlannedAptNum", row.PatNum, "Planned")
    for field in ("AptNum", "PlannedAptNum"):
        value = f.number(field)
        if value is not None:
            setattr(row, field, value)
    for name in MOMENTS:
        sent, when = f.datetime(name)
        if sent:
            setattr(row, name, when)
    text = f.text("Instructions", max_length=NOTE)
    if text is not None:
        row.Instructions = text
    fee = f.money("LabFee")
    if fee is not None:
        if fee < 0:
            raise BadRequest(f"LabFee must be 0 or more, got {fee}.")
        row.LabFee = fee
    invoice = f.text("InvoiceNum")
    if invoice is not None:
        row.InvoiceNum = invoice


def create_labcase(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    for name in ("LaboratoryNum", "ProvNum"):
        if not f.number(name):
            raise BadRequest(
                f"{name} is required: the {'lab the case goes to' if name[0] == 'L' else 'provider'}."
            )
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        row = LabCase(
            PatNum=pat_num, AptNum=0, PlannedAptNum=0, DateTimeCreated=now, Instructions="",
            LabFee=0.0, InvoiceNum="", DateTStamp=now,
        )  # fmt: skip
        _apply_case(session, row, f)
        session.add(row)
        session.flush()
        return row.LabCaseNum


def update_labcase(db: OfficeDatabase, num: int, f: Fields) -> None:
    if f.has("PatNum"):
        raise BadRequest("PatNum cannot be changed: add the case for the other patient instead.")
    with db.transaction() as session:
        row = get_or_404(session, LabCase, num, "LabCaseNum")
        _apply_case(session, row, f)
        row.DateTStamp = office_now(db, session)


def delete_labcase(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        session.delete(get_or_404(session, LabCase, num, "LabCaseNum"))


# -- laboratories --------------------------------------------------------------------------


def _apply_lab(row: Laboratory, f: Fields) -> None:
    description = f.text("Description")
    if description is not None:
        if not description.strip():
            raise BadRequest("Description may not be blank: the lab's name.")
        row.Description = description
    for name, longest in LAB_TEXTS:
        value = f.text(name, max_length=longest)
        if value is not None:
            setattr(row, name, value)
    zip_code = f.text("Zip")
    if zip_code is not None:
        row.Zip = check_zip(zip_code)
    slip = f.number("Slip")
    if slip is not None:
        row.Slip = slip
    hidden = f.flag("IsHidden")
    if hidden is not None:
        row.IsHidden = int(hidden)


def create_laboratory(db: OfficeDatabase, f: Fields) -> int:
    f.required_str("Description")
    row = Laboratory(
        Description="", Phone="", Notes="", Slip=0, Address="", City="", State="", Zip="",
        Email="", WirelessPhone="", IsHidden=0,
    )  # fmt: skip
    _apply_lab(row, f)
    with db.transaction() as session:
        session.add(row)
        session.flush()
        return row.LaboratoryNum


def update_laboratory(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        _apply_lab(get_or_404(session, Laboratory, num, "LaboratoryNum"), f)
