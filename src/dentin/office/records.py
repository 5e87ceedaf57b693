"""Adding commlog entries and procedures, with Open Dental's required fields and defaults.

Neither changes a stored balance: balances and aging are recomputed by the aging run, as in
Open Dental, where ``DateLastAging`` says how fresh they are.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import COMMLOG_TYPES, TX_PRIORITIES, Defs
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Appointment,
    Clinic,
    Commlog,
    Patient,
    ProcedureCode,
    ProcedureLog,
    Provider,
)
from dentin.office.registry import OfficeDatabase
from dentin.wire import ascii_digits

COMPLETE = 2


def create_commlog(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    note = f.text("Note", max_length=65_000)
    if note is None:
        raise BadRequest("Note is required: send the text of the communication.")
    mode = f.enum("Mode_", enums.COMM_MODE) or 0
    direction = f.enum("SentOrReceived", enums.SENT_OR_RECEIVED) or 0
    sent, when = f.datetime("CommDateTime")
    _, until = f.datetime("DateTimeEnd")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        defs = Defs.load(session)
        # Field names match case-insensitively, so CommType (a DefNum) and commType (its
        # name) arrive under one key: a number is the DefNum, any other text the name.
        raw = f.raw("CommType")
        if raw is None:
            chosen = defs.by_name("Misc", COMMLOG_TYPES, "commType")
        elif isinstance(raw, str) and not ascii_digits(raw.strip()):
            chosen = defs.by_name(raw, COMMLOG_TYPES, "commType")
        else:
            number = f.number("CommType")
            assert number is not None
            chosen = defs.require(number, COMMLOG_TYPES, "CommType")
        now = office_now(db, session)
        row = Commlog(
            PatNum=pat_num,
            CommDateTime=when if sent and when is not None else now,
            CommType=chosen,
            Note=note,
            Mode_=mode,
            SentOrReceived=direction,
            UserNum=f.number("UserNum") or 0,
            DateTimeEnd=until,
            DateTStamp=now,
            DateTEntry=now,
        )
        session.add(row)
        session.flush()
        return row.CommlogNum


def create_procedurelog(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    sent, proc_date = f.date("ProcDate")
    if not sent or proc_date is None:
        raise BadRequest("ProcDate is required, in the form yyyy-MM-dd.")
    status = f.enum("ProcStatus", enums.PROC_STATUS)
    if status is None:
        raise BadRequest(f"ProcStatus is required: one of {enums.PROC_STATUS.choices()}.")
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        code_num = _code(session, f)
        now = office_now(db, session)
        proc = ProcedureLog(
            PatNum=pat_num,
            ProcDate=proc_date,
            ProcStatus=status,
            CodeNum=code_num,
            ProvNum=patient.PriProv,
            ClinicNum=patient.ClinicNum,
            DateTP=proc_date if status == 1 else None,
            DateEntryC=now.date() if status == COMPLETE else None,
            DateTStamp=now,
            SecDateEntry=now,
        )
        fee = f.money("ProcFee")
        if fee is not None:
            if fee < 0:
                raise BadRequest(f"ProcFee may not be negative, got {fee:.2f}.")
            proc.ProcFee = fee
        for name, length in (("Surf", 10), ("ToothNum", 2), ("ToothRange", 100)):
            value = f.text(name, max_length=length)
            if value is not None:
                setattr(proc, name, value.strip())
        note = f.text("BillingNote", max_length=65_000)
        if note is not None:
            proc.BillingNote = note
        place = f.enum("PlaceService", enums.PLACE_SERVICE)
        if place is not None:
            proc.PlaceService = place
        for name in ("Dx", "UnitQty", "BaseUnits"):
            number = f.number(name)
            if number is not None:
                setattr(proc, name, number)
        priority = f.number("Priority")
        if priority is not None:
            proc.Priority = (
                Defs.load(session).require(priority, TX_PRIORITIES, "Priority") if priority else 0
            )
        discount = f.money("Discount")
        if discount is not None:
            proc.Discount = discount
        prov = f.number("ProvNum")
        if prov is not None:
            get_or_404(session, Provider, prov, "ProvNum")
            proc.ProvNum = prov
        clinic = f.number("ClinicNum")
        if clinic is not None:
            if clinic:
                get_or_404(session, Clinic, clinic, "ClinicNum")
            proc.ClinicNum = clinic
        for name in ("AptNum", "PlannedAptNum"):
            apt_num = f.number(name)
            if apt_num:
                apt = get_or_404(session, Appointment, apt_num, name)
                if apt.PatNum != pat_num:
                    raise BadRequest(
                        f"{name} {apt_num} belongs to another patient than PatNum {pat_num}."
                    )
                setattr(proc, name, apt_num)
        session.add(proc)
        session.flush()
        return proc.ProcNum


def _code(session: Session, f: Fields) -> int:
    code_num = f.number("CodeNum")
    if code_num is not None:
        get_or_404(session, ProcedureCode, code_num, "CodeNum")
        return code_num
    code = f.text("procCode", max_length=15)
    if code is None:
        raise BadRequest("Send procCode (such as D0120) or CodeNum to say which procedure.")
    found = session.scalar(
        select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == code.strip())
    )
    if found is None:
        raise NotFound(f"procCode {code!r} was not found in this office's procedure codes.")
    return int(found)
