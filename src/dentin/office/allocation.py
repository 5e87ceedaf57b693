"""Taking a payment and splitting it across the family's oldest charges first (FIFO).

A charge is a completed procedure (fee times units, plus adjustments attached to it) or a
positive adjustment on its own, less what earlier splits and insurance (paid, or pending on a
sent claim, with write-offs) already cover. The payment goes to the oldest charge with
something due, then the next; whatever is left becomes an unallocated split (prepayment).
``procNums`` restricts the charges to those procedures; ``isPatientPreferred`` takes the
paying patient's own charges before the rest of the family's; ``isPrepayment`` skips
allocation. Payments for one family are serialized so two cannot pay the same charge twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.booking import lock_key, write_transaction
from dentin.office.clock import office_now
from dentin.office.definitions import PAYMENT_TYPES, Defs
from dentin.office.fields import Fields, to_int
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Adjustment,
    ClaimProc,
    Clinic,
    Patient,
    Payment,
    PaySplit,
    ProcedureLog,
)
from dentin.office.registry import OfficeDatabase

_FAMILY_LOCK = 0x0D18
COMPLETE = 2
INS_PAID = (1, 4, 7)  # Received, Supplemental, CapComplete
INS_PENDING = (0,)  # NotReceived: sent on a claim, payment expected


@dataclass
class Charge:
    date: dt.date
    order: int
    pat_num: int
    prov_num: int
    clinic_num: int
    due: float
    proc_num: int = 0
    adj_num: int = 0


def create_payment(db: OfficeDatabase, f: Fields) -> int:
    amount = f.money("PayAmt")
    if amount is None:
        raise BadRequest('PayAmt is required: an amount such as 85.00 or "85.00".')
    if amount <= 0:
        raise BadRequest(f"PayAmt must be more than 0, got {amount:.2f}.")
    pat_num = f.required_int("PatNum")
    sent, pay_date = f.date("PayDate")
    proc_nums = _proc_nums(f)
    prepay = bool(f.flag("isPrepayment"))
    preferred = bool(f.flag("isPatientPreferred"))
    with write_transaction(db) as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        guarantor = patient.Guarantor or patient.PatNum
        lock_key(session, _FAMILY_LOCK, guarantor)
        defs = Defs.load(session)
        pay_type = f.number("PayType")
        now = office_now(db, session)
        payment = Payment(
            PayType=defs.require(pay_type, PAYMENT_TYPES, "PayType")
            if pay_type is not None
            else defs.first(PAYMENT_TYPES),
            PayDate=pay_date if sent and pay_date else now.date(),
            PayAmt=amount,
            CheckNum=(f.text("CheckNum", max_length=25) or "").strip(),
            BankBranch=(f.text("BankBranch", max_length=25) or "").strip(),
            PayNote=f.text("PayNote", max_length=65_000) or "",
            PatNum=pat_num,
            ClinicNum=patient.ClinicNum,
            DateEntry=now.date(),
            Receipt="",
            SecDateTEdit=now,
            PaymentSource=enums.PAYMENT_SOURCE_API,
        )
        clinic = f.number("ClinicNum")
        if clinic is not None:
            if clinic:
                get_or_404(session, Clinic, clinic, "ClinicNum")
            payment.ClinicNum = clinic
        session.add(payment)
        session.flush()
        charges = [] if prepay else _charges(session, guarantor, proc_nums)
        if preferred:
            charges.sort(key=lambda c: (c.pat_num != pat_num, c.date, c.order))
        splits = allocate(amount, charges)
        for charge, part in splits:
            session.add(
                PaySplit(
                    SplitAmt=part,
                    PatNum=charge.pat_num if charge else pat_num,
                    PayNum=payment.PayNum,
                    ProvNum=charge.prov_num if charge else 0,
                    DatePay=payment.PayDate,
                    ProcNum=charge.proc_num if charge else 0,
                    AdjNum=charge.adj_num if charge else 0,
                    DateEntry=now.date(),
                    ClinicNum=charge.clinic_num if charge else payment.ClinicNum,
                    SecDateTEdit=now,
                )
            )
        payment.IsSplit = int(len(splits) > 1)
        return payment.PayNum


def allocate(amount: float, charges: list[Charge]) -> list[tuple[Charge | None, float]]:
    """Oldest first; the remainder (if any) is an unallocated split (``None``)."""
    left = round(amount, 2)
    out: list[tuple[Charge | None, float]] = []
    for charge in charges:
        if left <= 0:
            break
        part = round(min(left, charge.due), 2)
        if part > 0:
            out.append((charge, part))
            left = round(left - part, 2)
    if left > 0:
        out.append((None, left))
    return out


def _proc_nums(f: Fields) -> list[int] | None:
    raw = f.raw("procNums")
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise BadRequest("procNums must be an array of ProcNums, such as [101, 102].")
    return [to_int(v, "procNums") for v in raw]


def _charges(session: Session, guarantor: int, only: list[int] | None) -> list[Charge]:
    family = list(session.scalars(select(Patient.PatNum).where(Patient.Guarantor == guarantor)))
    if guarantor not in family:
        family.append(guarantor)
    procs = session.scalars(
        select(ProcedureLog).where(
            ProcedureLog.PatNum.in_(family), ProcedureLog.ProcStatus == COMPLETE
        )
    ).all()
    if only is not None:
        known = {p.ProcNum for p in procs}
        missing = [n for n in only if n not in known]
        if missing:
            raise BadRequest(
                f"procNums {missing} are not completed procedures of this patient's family."
            )
    paid: dict[int, float] = defaultdict(float)
    paid_adj: dict[int, float] = defaultdict(float)
    for proc_num, adj_num, amount in session.execute(
        select(PaySplit.ProcNum, PaySplit.AdjNum, PaySplit.SplitAmt).where(
            PaySplit.PatNum.in_(family)
        )
    ):
        if proc_num:
            paid[proc_num] += amount
        elif adj_num:
            paid_adj[adj_num] += amount
    for proc_num, status, pay_amt, pay_est, write_off in session.execute(
        select(
            ClaimProc.ProcNum,
            ClaimProc.Status,
            ClaimProc.InsPayAmt,
            ClaimProc.InsPayEst,
            ClaimProc.WriteOff,
        ).where(ClaimProc.PatNum.in_(family))
    ):
        if status in INS_PAID:
            paid[proc_num] += pay_amt + write_off
        elif status in INS_PENDING:
            paid[proc_num] += pay_est + write_off
    charges: list[Charge] = []
    adjustments = session.scalars(select(Adjustment).where(Adjustment.PatNum.in_(family))).all()
    attached: dict[int, float] = defaultdict(float)
    for adj in adjustments:
        if adj.ProcNum:
            attached[adj.ProcNum] += adj.AdjAmt
        elif adj.AdjAmt > 0 and only is None:
            due = round(adj.AdjAmt - paid_adj[adj.AdjNum], 2)
            if due > 0:
                charges.append(
                    Charge(
                        adj.AdjDate or dt.date.min,
                        adj.AdjNum,
                        adj.PatNum,
                        adj.ProvNum,
                        adj.ClinicNum,
                        due,
                        adj_num=adj.AdjNum,
                    )
                )
    wanted = None if only is None else set(only)
    for proc in procs:
        if wanted is not None and proc.ProcNum not in wanted:
            continue
        fee = proc.ProcFee * max(1, proc.UnitQty + proc.BaseUnits)
        due = round(fee + attached[proc.ProcNum] - paid[proc.ProcNum], 2)
        if due > 0:
            charges.append(
                Charge(
                    proc.ProcDate or dt.date.min,
                    proc.ProcNum,
                    proc.PatNum,
                    proc.ProvNum,
                    proc.ClinicNum,
                    due,
                    proc_num=proc.ProcNum,
                )
            )
    charges.sort(key=lambda c: (c.date, c.order))
    return charges
