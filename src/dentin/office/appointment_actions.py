"""The appointment verbs Open Dental exposes beside plain PUT: Break, Confirm, Note, and DELETE.

None of them can create an overlap (breaking or deleting only frees time), so they need the
ordinary row lock, not the operatory lock that booking takes. Deleting leaves a row in
``deletedobject`` so that an "AppointmentDeleted" event can still be sent after the row is gone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import APPT_CONFIRMED, CONFIRM_VALUES, Defs
from dentin.office.fields import Fields
from dentin.office.models import Appointment, DeletedObject, ProcedureCode, ProcedureLog
from dentin.office.registry import OfficeDatabase

# breakType → the ADA code Open Dental adds to the patient's chart
BREAK_CODES = {
    "missed": ("D9986", "Missed appointment"),
    "cancelled": ("D9987", "Cancelled appointment"),
}


def _locked(session: Session, apt_num: int) -> Appointment:
    apt = session.scalars(
        select(Appointment).where(Appointment.AptNum == apt_num).with_for_update()
    ).first()
    if apt is None:
        raise NotFound(f"AptNum {apt_num} was not found in this office.")
    return apt


def break_appointment(db: OfficeDatabase, apt_num: int, f: Fields) -> None:
    send = f.flag("sendToUnscheduledList")
    if send is None:
        raise BadRequest('sendToUnscheduledList is required: send "true" or "false".')
    break_type = f.text("breakType", max_length=20)
    if break_type is not None and break_type.strip().lower() not in BREAK_CODES:
        raise BadRequest(f'breakType must be "Missed" or "Cancelled", got {break_type!r}.')
    with db.transaction() as session:
        apt = _locked(session, apt_num)
        if apt.AptStatus != enums.SCHEDULED:
            raise BadRequest(
                f"Only a Scheduled appointment can be broken; appointment {apt_num} is "
                f"{enums.APT_STATUS.text(apt.AptStatus)}."
            )
        now = office_now(db, session)
        apt.AptStatus = enums.UNSCHED_LIST if send else enums.BROKEN
        apt.DateTStamp = now
        if break_type is not None:
            _chart_break(session, apt, now, *BREAK_CODES[break_type.strip().lower()])


def _chart_break(
    session: Session, apt: Appointment, now: dt.datetime, code: str, descript: str
) -> None:
    code_num = session.scalar(select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == code))
    if code_num is None:
        row = ProcedureCode(
            ProcCode=code, Descript=descript, AbbrDesc=descript[:50], DateTStamp=now
        )
        session.add(row)
        session.flush()
        code_num = row.CodeNum
    session.add(
        ProcedureLog(
            PatNum=apt.PatNum,
            ProcDate=now.date(),
            ProcStatus=2,  # C: charted as complete, as Open Dental does for D9986/D9987
            CodeNum=code_num,
            ProvNum=apt.ProvNum,
            ClinicNum=apt.ClinicNum,
            DateEntryC=now.date(),
            DateTStamp=now,
            SecDateEntry=now,
        )
    )


def confirm_appointment(db: OfficeDatabase, apt_num: int, f: Fields) -> None:
    value = f.text("confirmVal", max_length=40)
    def_num = f.number("defNum")
    if (value is None) == (def_num is None):
        raise BadRequest(
            'Send exactly one of confirmVal ("None", "Sent", "Confirmed", "Not Accepted" or '
            '"Failed") or defNum (a definition of category 2).'
        )
    with db.transaction() as session:
        defs = Defs.load(session)
        if value is not None:
            name = CONFIRM_VALUES.get(value.strip().lower())
            if name is None:
                raise BadRequest(
                    'confirmVal must be "None", "Sent", "Confirmed", "Not Accepted" or "Failed", '
                    f"got {value!r}."
                )
            chosen = defs.by_name(name, APPT_CONFIRMED, "confirmVal")
        else:
            assert def_num is not None
            chosen = defs.require(def_num, APPT_CONFIRMED, "defNum")
        apt = _locked(session, apt_num)
        apt.Confirmed = chosen
        apt.DateTStamp = office_now(db, session)


def append_note(db: OfficeDatabase, apt_num: int, f: Fields) -> None:
    note = f.text("Note", max_length=65_000)
    if note is None:
        raise BadRequest("Note is required: send the text to append as a string.")
    with db.transaction() as session:
        apt = _locked(session, apt_num)
        apt.Note = f"{apt.Note}\n{note}" if apt.Note else note
        apt.DateTStamp = office_now(db, session)


def delete_appointment(db: OfficeDatabase, apt_num: int) -> None:
    with db.transaction() as session:
        apt = _locked(session, apt_num)
        now = office_now(db, session)
        session.execute(
            update(ProcedureLog)
            .where(ProcedureLog.AptNum == apt_num)
            .values(AptNum=0, DateTStamp=now)
        )
        session.add(
            DeletedObject(ObjectNum=apt_num, ObjectType=enums.DELETED_APPOINTMENT, DateTStamp=now)
        )
        session.delete(apt)
