"""Adjustments (POST, PUT) and new treatment plans (POST), with Open Dental's rules.

An adjustment's sign must match its type's ``ItemValue`` ("+" adds to the balance, "-" takes
from it) and its date may not be in the future; the aging sums follow every write through the
adjustment triggers (office migration 0002).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import ADJ_TYPES
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Adjustment,
    Clinic,
    Definition,
    Patient,
    Preference,
    ProcedureLog,
    Provider,
    TreatPlan,
)
from dentin.office.registry import OfficeDatabase

INACTIVE = 2


def _adj_sign(session: Session, adj_type: int) -> str:
    row = session.execute(
        select(Definition.Category, Definition.ItemValue).where(Definition.DefNum == adj_type)
    ).first()
    if row is None or row[0] != ADJ_TYPES or row[1] not in ("+", "-"):
        kinds = session.execute(
            select(Definition.DefNum, Definition.ItemName, Definition.ItemValue)
            .where(Definition.Category == ADJ_TYPES, Definition.ItemValue.in_(("+", "-")))
            .order_by(Definition.DefNum)
        ).all()
        listed = ", ".join(f"{n} ({name}, {value})" for n, name, value in kinds)
        raise BadRequest(f"AdjType {adj_type} is not an adjustment type; use one of {listed}.")
    return str(row[1])


def _check_amount(amount: float, sign: str) -> None:
    if amount == 0:
        raise BadRequest("AdjAmt may not be 0.")
    if (amount > 0) != (sign == "+"):
        word = "positive" if sign == "+" else "negative"
        raise BadRequest(f'AdjAmt must be {word} for an adjustment type of "{sign}".')


def _check_date(day: dt.date | None, today: dt.date) -> dt.date:
    if day is None:
        raise BadRequest("AdjDate is required, in the form yyyy-MM-dd.")
    if day > today:
        raise BadRequest(f"AdjDate cannot be a future date, got {day.isoformat()}.")
    return day


def _attach(session: Session, adj: Adjustment, proc_num: int) -> None:
    if not proc_num:
        adj.ProcNum = 0
        return
    proc = get_or_404(session, ProcedureLog, proc_num, "ProcNum")
    if proc.PatNum != adj.PatNum:
        raise BadRequest(f"ProcNum {proc_num} belongs to another patient than the adjustment.")
    adj.ProcNum = proc_num
    adj.ProcDate = proc.ProcDate


def create_adjustment(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    adj_type = f.required_int("AdjType")
    amount = f.money("AdjAmt")
    if amount is None:
        raise BadRequest('AdjAmt is required: an amount such as -24.99 or "-24.99".')
    _, adj_date = f.date("AdjDate")
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        _check_amount(amount, _adj_sign(session, adj_type))
        adj = Adjustment(
            PatNum=pat_num,
            AdjType=adj_type,
            AdjAmt=amount,
            AdjDate=_check_date(adj_date, now.date()),
            ProvNum=patient.PriProv,
            ClinicNum=patient.ClinicNum,
            AdjNote=f.text("AdjNote", max_length=65_000) or "",
            ProcDate=now.date(),
            DateEntry=now.date(),
            SecDateTEdit=now,
        )
        _common(session, adj, f)
        sent, proc_date = f.date("ProcDate")
        if sent and proc_date is not None:
            adj.ProcDate = proc_date
        session.add(adj)
        session.flush()
        return adj.AdjNum


def update_adjustment(db: OfficeDatabase, adj_num: int, f: Fields) -> None:
    with db.transaction() as session:
        adj = get_or_404(session, Adjustment, adj_num, "AdjNum")
        now = office_now(db, session)
        sent, adj_date = f.date("AdjDate")
        if sent:
            adj.AdjDate = _check_date(adj_date, now.date())
        adj_type = f.number("AdjType")
        amount = f.money("AdjAmt")
        if adj_type is not None:
            adj.AdjType = adj_type
        if amount is not None:
            adj.AdjAmt = amount
        if adj_type is not None or amount is not None:
            _check_amount(adj.AdjAmt, _adj_sign(session, adj.AdjType))
        note = f.text("AdjNote", max_length=65_000)
        if note is not None:
            adj.AdjNote = note
        _common(session, adj, f)
        adj.SecDateTEdit = now


def _common(session: Session, adj: Adjustment, f: Fields) -> None:
    prov = f.number("ProvNum")
    if prov is not None:
        provider = get_or_404(session, Provider, prov, "ProvNum")
        if provider.IsHidden:
            raise BadRequest(f"ProvNum {prov} is hidden; choose a provider in use.")
        adj.ProvNum = prov
    clinic = f.number("ClinicNum")
    if clinic is not None:
        if clinic:
            get_or_404(session, Clinic, clinic, "ClinicNum")
        adj.ClinicNum = clinic
    proc_num = f.number("ProcNum")
    if proc_num is not None:
        _attach(session, adj, proc_num)


def create_treatplan(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        note = f.text("Note", max_length=65_000)
        if note is None:
            note = (
                session.scalar(
                    select(Preference.ValueString).where(Preference.PrefName == "TreatmentPlanNote")
                )
                or ""
            )
        kind = f.enum("TPType", enums.TP_TYPE)
        now = office_now(db, session)
        plan = TreatPlan(
            PatNum=pat_num,
            Heading=(f.text("Heading") or "Inactive Treatment Plan"),
            Note=note,
            TPStatus=INACTIVE,
            TPType=kind or 0,
            SecDateEntry=now.date(),
            SecDateTEdit=now,
        )
        session.add(plan)
        session.flush()
        return plan.TreatPlanNum
