"""Changing and deleting procedures, as Open Dental's ProcedureLogs PUT and DELETE do.

A completed procedure is on the ledger: its code, discount and tooth fields are frozen (Open
Dental refuses them), and a procedure that money is attached to (a payment split, an
adjustment, a claim, a payment plan charge) is never deleted. Deleting marks the procedure
Deleted (``ProcStatus`` 6), as Open Dental does, and takes it off appointments, treatment
plans and pending estimates. The aging sums follow every change through the ledger triggers
(office migration 0002), so balances stay consistent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import TX_PRIORITIES, Defs
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Adjustment,
    Appointment,
    ClaimProc,
    Clinic,
    PayPlanCharge,
    PaySplit,
    ProcedureCode,
    ProcedureLog,
    Provider,
    TreatPlanAttach,
)
from dentin.office.registry import OfficeDatabase

TP, COMPLETE, DELETED, TP_INACTIVE = 1, 2, 6, 8
ESTIMATE = 6  # ClaimProcStatus Estimate: not on a claim yet
# What PUT may set ProcStatus to (apiprocedurelogs.html): TP, C, EO, and since 25.1.14 EC, R, Cn.
PUT_STATUSES = frozenset({"tp", "c", "eo", "ec", "r", "cn"})
FROZEN_WHEN_COMPLETE = ("CodeNum", "procCode", "Discount", "ToothNum", "Surf", "ToothRange")
_PROSTHESIS = {"no": "", "": "", "i": "I", "r": "R"}


def load(session: Session, proc_num: int) -> ProcedureLog:
    proc = session.get(ProcedureLog, proc_num)
    if proc is None or proc.ProcStatus == DELETED:
        raise NotFound(f"ProcNum {proc_num} was not found in this office.")
    return proc


def on_claim(session: Session, proc_num: int) -> bool:
    return (
        session.scalar(
            select(ClaimProc.ClaimProcNum)
            .where(ClaimProc.ProcNum == proc_num, ClaimProc.ClaimNum != 0)
            .limit(1)
        )
        is not None
    )


def update_procedurelog(db: OfficeDatabase, proc_num: int, f: Fields) -> None:
    with db.transaction() as session:
        proc = load(session, proc_num)
        if proc.IsLocked:
            raise BadRequest(f"ProcNum {proc_num} is locked; a locked procedure cannot change.")
        if proc.ProcStatus == COMPLETE:
            sent = [n for n in FROZEN_WHEN_COMPLETE if f.has(n)]
            if sent:
                raise BadRequest(
                    f"{', '.join(sent)} cannot be changed on a completed (C) procedure."
                )
        if f.has("CodeNum") and f.has("procCode"):
            raise BadRequest("Send CodeNum or procCode, not both.")
        claimed = on_claim(session, proc_num)
        money_fields = [n for n in ("ProcFee", "ProcStatus", "CodeNum", "procCode") if f.has(n)]
        if claimed and money_fields:
            raise BadRequest(
                f"ProcNum {proc_num} is attached to a claim, so {', '.join(money_fields)} "
                "cannot change; take it off the claim in Open Dental first."
            )
        now = office_now(db, session)
        _status(proc, f, now)
        _code(session, proc, f)
        _dates(proc, f)
        _numbers(session, proc, f)
        _texts(proc, f)
        proc.DateTStamp = now


def _status(proc: ProcedureLog, f: Fields, now: dt.datetime) -> None:
    raw = f.raw("ProcStatus")
    if raw is None:
        return
    if not isinstance(raw, str) or raw.strip().lower() not in PUT_STATUSES:
        raise BadRequest(
            f'ProcStatus must be one of "TP", "C", "EO", "EC", "R", "Cn", got {raw!r}.'
        )
    status = enums.PROC_STATUS.parse(raw, "ProcStatus")
    if status == COMPLETE and proc.ProcStatus != COMPLETE:
        proc.DateEntryC = now.date()
    proc.ProcStatus = status


def _code(session: Session, proc: ProcedureLog, f: Fields) -> None:
    code_num = f.number("CodeNum")
    if code_num is not None:
        get_or_404(session, ProcedureCode, code_num, "CodeNum")
        proc.CodeNum = code_num
        return
    code = f.text("procCode", max_length=15)
    if code is not None:
        found = session.scalar(
            select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == code.strip())
        )
        if found is None:
            raise NotFound(f"procCode {code!r} was not found in this office's procedure codes.")
        proc.CodeNum = int(found)


def _dates(proc: ProcedureLog, f: Fields) -> None:
    for name in ("ProcDate", "DateTP", "DateOriginalProsth"):
        sent, value = f.date(name)
        if sent:
            if name == "ProcDate" and value is None:
                raise BadRequest("ProcDate may not be cleared; send yyyy-MM-dd.")
            setattr(proc, name, value)
    for name in ("ProcTime", "ProcTimeEnd"):
        raw = f.text(name, max_length=8)
        if raw is not None:
            try:
                clock = dt.datetime.strptime(raw.strip(), "%H:%M:%S").time()
            except ValueError:
                raise BadRequest(f"{name} must be HH:mm:ss, got {raw!r}.") from None
            setattr(proc, name, clock.strftime("%H:%M:%S"))


def _numbers(session: Session, proc: ProcedureLog, f: Fields) -> None:
    fee = f.money("ProcFee")
    if fee is not None:
        if fee < 0:
            raise BadRequest(f"ProcFee may not be negative, got {fee:.2f}.")
        proc.ProcFee = fee
    discount = f.money("Discount")
    if discount is not None:
        if discount < 0:
            raise BadRequest(f"Discount may not be negative, got {discount:.2f}.")
        proc.Discount = discount
    priority = f.number("Priority")
    if priority is not None:
        proc.Priority = (
            Defs.load(session).require(priority, TX_PRIORITIES, "Priority") if priority else 0
        )
    for name in ("Dx", "Prognosis"):
        number = f.number(name)
        if number is not None:
            setattr(proc, name, number)
    place = f.enum("PlaceService", enums.PLACE_SERVICE)
    if place is not None:
        proc.PlaceService = place
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
        if apt_num is None:
            continue
        if apt_num:
            apt = get_or_404(session, Appointment, apt_num, name)
            if apt.PatNum != proc.PatNum:
                raise BadRequest(
                    f"{name} {apt_num} belongs to another patient than this procedure."
                )
            if name == "PlannedAptNum" and apt.AptStatus != 6:
                raise BadRequest(f"PlannedAptNum {apt_num} is not a Planned appointment.")
        setattr(proc, name, apt_num)


def _texts(proc: ProcedureLog, f: Fields) -> None:
    # Empty ToothNum, Surf and ToothRange are silently ignored, as in Open Dental.
    for name, length in (("ToothNum", 2), ("Surf", 10), ("ToothRange", 100)):
        value = f.text(name, max_length=length)
        if value is not None and value.strip():
            setattr(proc, name, value.strip())
    for name, length in (("ClaimNote", 80), ("BillingNote", 65_000)):
        value = f.text(name, max_length=length)
        if value is not None:
            setattr(proc, name, value)
    prosthesis = f.text("Prosthesis", max_length=20)
    if prosthesis is not None:
        key = prosthesis.strip().lower()
        if key not in _PROSTHESIS:
            raise BadRequest(f'Prosthesis must be "No", "I" or "R", got {prosthesis!r}.')
        proc.Prosthesis = _PROSTHESIS[key]


def delete_procedurelog(db: OfficeDatabase, proc_num: int) -> None:
    with db.transaction() as session:
        proc = load(session, proc_num)
        if proc.ProcStatus not in (TP, TP_INACTIVE, COMPLETE):
            raise BadRequest(
                f"Only TP, TPi or C procedures can be deleted; ProcNum {proc_num} is "
                f"{enums.PROC_STATUS.text(proc.ProcStatus)}."
            )
        for model, what in (
            (PaySplit, "a patient payment"),
            (Adjustment, "an adjustment"),
            (PayPlanCharge, "a payment plan"),
        ):
            found = session.scalar(
                select(model.ProcNum).where(model.ProcNum == proc_num).limit(1)  # type: ignore[attr-defined]
            )
            if found is not None:
                raise BadRequest(f"ProcNum {proc_num} cannot be deleted: it is attached to {what}.")
        if on_claim(session, proc_num):
            raise BadRequest(f"ProcNum {proc_num} cannot be deleted: it is attached to a claim.")
        received = session.scalar(
            select(ClaimProc.ClaimProcNum)
            .where(ClaimProc.ProcNum == proc_num, ClaimProc.InsPayAmt != 0)
            .limit(1)
        )
        if received is not None:
            raise BadRequest(
                f"ProcNum {proc_num} cannot be deleted: an insurance payment is attached."
            )
        session.execute(
            delete(ClaimProc).where(ClaimProc.ProcNum == proc_num, ClaimProc.Status == ESTIMATE)
        )
        session.execute(delete(TreatPlanAttach).where(TreatPlanAttach.ProcNum == proc_num))
        proc.ProcStatus = DELETED
        proc.AptNum = 0
        proc.PlannedAptNum = 0
        proc.DateTStamp = office_now(db, session)
