"""The Account Module's views of one family: aging, each member's balance, and the service
date view, computed live from the ledger as Open Dental's Account Module does on opening.

The rules are the aging report's (``office.aging``, ``docs/aging.md``): completed procedures
(fee times units) and adjustments are charges on their dates, payment splits and received
insurance (paid plus write-off) are credits, credits pay the oldest charges first, and what
insurance is still expected to pay (``claimproc`` NotReceived: estimate plus write-off) is kept
apart as ``InsEst``. One family's rows are few, so they are read whole and summed here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Adjustment,
    ClaimProc,
    Patient,
    Payment,
    PaySplit,
    ProcedureCode,
    ProcedureLog,
)
from dentin.office.serialize import Lookups

COMPLETE = 2
DELETED_PATIENT = 4  # PatStatus Deleted
RECEIVED = (1, 4, 7)
NOT_RECEIVED = 0


def family_of(session: Session, pat_num: int) -> tuple[Patient, list[Patient]]:
    patient = get_or_404(session, Patient, pat_num, "PatNum")
    if patient.PatStatus == DELETED_PATIENT:
        raise BadRequest(f"PatNum {pat_num} is a deleted patient; its account cannot be shown.")
    guarantor = patient.Guarantor or patient.PatNum
    members = list(
        session.scalars(
            select(Patient).where(Patient.Guarantor == guarantor).order_by(Patient.PatNum)
        )
    )
    if all(m.PatNum != patient.PatNum for m in members):
        members.append(patient)
    return patient, members


@dataclass
class Ledger:
    """Signed ledger amounts per patient: (date, amount) and the pending insurance."""

    entries: dict[int, list[tuple[dt.date, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    pending: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    unearned: float = 0.0

    def total(self, pat_num: int) -> float:
        return round(sum(a for _, a in self.entries[pat_num]), 2)


def read_ledger(session: Session, pat_nums: list[int], as_of: dt.date) -> Ledger:
    ledger = Ledger()
    for pat, day, fee, units, base in session.execute(
        select(
            ProcedureLog.PatNum,
            ProcedureLog.ProcDate,
            ProcedureLog.ProcFee,
            ProcedureLog.UnitQty,
            ProcedureLog.BaseUnits,
        ).where(ProcedureLog.PatNum.in_(pat_nums), ProcedureLog.ProcStatus == COMPLETE)
    ):
        if day is not None and day <= as_of:
            ledger.entries[pat].append((day, fee * (units + base)))
    for pat, day, amount in session.execute(
        select(Adjustment.PatNum, Adjustment.AdjDate, Adjustment.AdjAmt).where(
            Adjustment.PatNum.in_(pat_nums)
        )
    ):
        if day is not None and day <= as_of:
            ledger.entries[pat].append((day, amount))
    for pat, day, amount, proc, adj, plan in session.execute(
        select(
            PaySplit.PatNum,
            PaySplit.DatePay,
            PaySplit.SplitAmt,
            PaySplit.ProcNum,
            PaySplit.AdjNum,
            PaySplit.PayPlanNum,
        ).where(PaySplit.PatNum.in_(pat_nums))
    ):
        if day is not None and day <= as_of:
            ledger.entries[pat].append((day, -amount))
            if not (proc or adj or plan):
                ledger.unearned += amount
    for pat, status, paid, est, write_off, proc_day, cp_day in session.execute(
        select(
            ClaimProc.PatNum,
            ClaimProc.Status,
            ClaimProc.InsPayAmt,
            ClaimProc.InsPayEst,
            ClaimProc.WriteOff,
            ClaimProc.ProcDate,
            ClaimProc.DateCP,
        ).where(ClaimProc.PatNum.in_(pat_nums))
    ):
        if status in RECEIVED and cp_day is not None and cp_day <= as_of:
            ledger.entries[pat].append((cp_day, -(paid + write_off)))
        elif (
            proc_day is not None
            and proc_day <= as_of
            and (
                status == NOT_RECEIVED
                or (status in RECEIVED and (cp_day is None or cp_day > as_of))
            )
        ):
            ledger.pending[pat] += est + write_off
    ledger.unearned = round(ledger.unearned, 2)
    return ledger


def aging(session: Session, pat_num: int, as_of: dt.date) -> dict[str, float]:
    """``GET /accountmodules/{PatNum}/Aging``: the family's buckets, as the aging report."""
    patient, members = family_of(session, pat_num)
    nums = [m.PatNum for m in members]
    ledger = read_ledger(session, nums, as_of)
    b31, b61, b91 = (as_of - dt.timedelta(days=d) for d in (31, 61, 91))
    c0 = c30 = c60 = c90 = credit = 0.0
    for num in nums:
        for day, amount in ledger.entries[num]:
            if amount < 0:
                credit -= amount
            elif day > b31:
                c0 += amount
            elif day > b61:
                c30 += amount
            elif day > b91:
                c60 += amount
            else:
                c90 += amount
    r90, left = max(c90 - credit, 0.0), max(credit - c90, 0.0)
    r60, left = max(c60 - left, 0.0), max(left - c60, 0.0)
    r30, left = max(c30 - left, 0.0), max(left - c30, 0.0)
    r0 = c0 - left
    total = round(sum(ledger.total(n) for n in nums), 2)
    ins = round(sum(ledger.pending[n] for n in nums), 2)
    own = round(ledger.total(patient.PatNum) - ledger.pending[patient.PatNum], 2)
    return {
        "Bal_0_30": round(r0, 2) + 0.0,
        "Bal_31_60": round(r30, 2) + 0.0,
        "Bal_61_90": round(r60, 2) + 0.0,
        "BalOver90": round(r90, 2) + 0.0,
        "Total": total + 0.0,
        "InsEst": ins + 0.0,
        "EstBal": round(total - ins, 2) + 0.0,
        "PatEstBal": own + 0.0,
        "Unearned": ledger.unearned + 0.0,
    }


def patient_balances(session: Session, pat_num: int, as_of: dt.date) -> list[dict[str, object]]:
    """``GET /accountmodules/{PatNum}/PatientBalances``: each member's portion, then the family."""
    _patient, members = family_of(session, pat_num)
    ledger = read_ledger(session, [m.PatNum for m in members], as_of)
    rows: list[dict[str, object]] = []
    family = 0.0
    for m in members:
        balance = round(ledger.total(m.PatNum) - ledger.pending[m.PatNum], 2) + 0.0
        family += balance
        rows.append({"PatNum": m.PatNum, "Name": f"{m.LName}, {m.FName}", "Balance": balance})
    guarantor = members[0].Guarantor or members[0].PatNum
    rows.append({"PatNum": guarantor, "Name": "Entire Family", "Balance": round(family, 2) + 0.0})
    return rows


def _money(value: float) -> str:
    return f"{value + 0.0:.2f}"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def service_date_view(
    session: Session, pat_num: int, is_family: bool, look: Lookups
) -> list[dict[str, str]]:
    """``GET /accountmodules/{PatNum}/ServiceDateView``: charges with what is attached to them,
    grouped by service date with a day total after each date and an overall total last."""
    patient, members = family_of(session, pat_num)
    people = {m.PatNum: m for m in members} if is_family else {patient.PatNum: patient}
    nums = list(people)
    procs = session.scalars(
        select(ProcedureLog)
        .where(ProcedureLog.PatNum.in_(nums), ProcedureLog.ProcStatus == COMPLETE)
        .order_by(ProcedureLog.ProcDate, ProcedureLog.ProcNum)
    ).all()
    codes = {
        n: (c, a)
        for n, c, a in session.execute(
            select(ProcedureCode.CodeNum, ProcedureCode.ProcCode, ProcedureCode.AbbrDesc).where(
                ProcedureCode.CodeNum.in_({p.CodeNum for p in procs})
            )
        )
    }
    adjs = session.scalars(
        select(Adjustment).where(Adjustment.PatNum.in_(nums)).order_by(Adjustment.AdjNum)
    ).all()
    splits = session.scalars(
        select(PaySplit).where(PaySplit.PatNum.in_(nums)).order_by(PaySplit.SplitNum)
    ).all()
    pay_types = dict(
        session.execute(
            select(Payment.PayNum, Payment.PayType).where(
                Payment.PayNum.in_({s.PayNum for s in splits})
            )
        ).all()
    )
    claims = session.scalars(
        select(ClaimProc).where(ClaimProc.PatNum.in_(nums)).order_by(ClaimProc.ClaimProcNum)
    ).all()

    def row(kind: str, key: object, type_: str, **kw: str) -> dict[str, str]:
        out = {
            "ObjectType": kind,
            "PrimaryKey": str(key) if key != "" else "",
            "Type": type_,
            "ServiceDate": "",
            "TransDate": "",
            "Patient": "",
            "PatNum": "",
            "Reference": "",
            "Charge": "0.00",
            "Credit": "0.00",
            "Provider": "",
            "InsBal": "",
            "AcctBal": "",
        }
        out.update(kw)
        return out

    def who(num: int) -> dict[str, str]:
        return {"Patient": people[num].FName, "PatNum": str(num)}

    # Each group: its service date and rows; a procedure's group holds what is attached to it.
    groups: list[tuple[dt.date, list[dict[str, str]], float, float, float, float]] = []
    for p in procs:
        charge = p.ProcFee * max(1, p.UnitQty + p.BaseUnits)
        credits = 0.0
        attached: list[dict[str, str]] = []
        for a in adjs:
            if a.ProcNum == p.ProcNum:
                credits -= a.AdjAmt
                attached.append(
                    row(
                        "Adjustment",
                        a.AdjNum,
                        "Adj-Att.",
                        TransDate=_day(a.AdjDate),
                        Reference=f"Adj- {look.defs.name(a.AdjType)}",
                        Charge=_money(max(a.AdjAmt, 0)),
                        Credit=_money(max(-a.AdjAmt, 0)),
                        Provider=look.prov(a.ProvNum),
                        **who(a.PatNum),
                    )
                )
        for s in splits:
            if s.ProcNum == p.ProcNum:
                credits += s.SplitAmt
                attached.append(
                    row(
                        "PaySplit",
                        s.SplitNum,
                        "PatPay Att.",
                        TransDate=_day(s.DatePay),
                        Reference=f"Pat Payment - {look.defs.name(pay_types.get(s.PayNum, 0))}",
                        Credit=_money(s.SplitAmt),
                        Provider=look.prov(s.ProvNum),
                        **who(s.PatNum),
                    )
                )
        pending = 0.0
        for c in claims:
            if c.ProcNum != p.ProcNum:
                continue
            if c.Status in RECEIVED:
                for type_, amount in (("InsPay-Att.", c.InsPayAmt), ("WriteOff-Att.", c.WriteOff)):
                    if amount:
                        credits += amount
                        attached.append(
                            row(
                                "ClaimProc",
                                c.ClaimProcNum,
                                type_,
                                TransDate=_day(c.DateCP),
                                Reference="Insurance Payment" if "Pay" in type_ else "Write-off",
                                Credit=_money(amount),
                                Provider=look.prov(c.ProvNum),
                                **who(c.PatNum),
                            )
                        )
            elif c.Status == NOT_RECEIVED:
                pending += c.InsPayEst + c.WriteOff
        code, abbr = codes.get(p.CodeNum, ("", ""))
        reference = code + (f":#{p.ToothNum}" if p.ToothNum else "")
        reference += (f"-{p.Surf}" if p.Surf else "") + (f"-{abbr}" if abbr else "")
        balance = charge - credits - pending
        head = row(
            "Procedure",
            p.ProcNum,
            "Proc",
            ServiceDate=_day(p.ProcDate),
            Reference=reference,
            Charge=_money(charge),
            Provider=look.prov(p.ProvNum),
            InsBal=_money(pending),
            AcctBal=_money(balance),
            **who(p.PatNum),
        )
        day = p.ProcDate or dt.date.min
        groups.append((day, [head, *attached], charge, credits, pending, balance))
    for a in adjs:
        if a.ProcNum and any(p.ProcNum == a.ProcNum for p in procs):
            continue
        r = row(
            "Adjustment",
            a.AdjNum,
            "Adj",
            ServiceDate=_day(a.AdjDate),
            Reference=f"Adj- {look.defs.name(a.AdjType)}",
            Charge=_money(max(a.AdjAmt, 0)),
            Credit=_money(max(-a.AdjAmt, 0)),
            Provider=look.prov(a.ProvNum),
            InsBal="0.00",
            AcctBal=_money(a.AdjAmt),
            **who(a.PatNum),
        )
        groups.append(
            (a.AdjDate or dt.date.min, [r], max(a.AdjAmt, 0), max(-a.AdjAmt, 0), 0, a.AdjAmt)
        )
    for s in splits:
        if s.ProcNum and any(p.ProcNum == s.ProcNum for p in procs):
            continue
        kind = "PatPay" if (s.ProcNum or s.AdjNum or s.PayPlanNum) else "Unallocated"
        r = row(
            "PaySplit",
            s.SplitNum,
            kind,
            ServiceDate=_day(s.DatePay),
            Reference=f"Pat Payment - {look.defs.name(pay_types.get(s.PayNum, 0))}",
            Credit=_money(s.SplitAmt),
            Provider=look.prov(s.ProvNum),
            InsBal="0.00",
            AcctBal=_money(-s.SplitAmt),
            **who(s.PatNum),
        )
        groups.append((s.DatePay or dt.date.min, [r], 0.0, s.SplitAmt, 0.0, -s.SplitAmt))
    groups.sort(key=lambda g: g[0])
    out: list[dict[str, str]] = []
    totals = [0.0, 0.0, 0.0, 0.0]
    index = 0
    while index < len(groups):
        day = groups[index][0]
        sums = [0.0, 0.0, 0.0, 0.0]
        while index < len(groups) and groups[index][0] == day:
            _, rows, *amounts = groups[index]
            out += rows
            sums = [a + b for a, b in zip(sums, amounts, strict=True)]
            index += 1
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
        out.append(
            row(
                "",
                "",
                "Day Total",
                ServiceDate=_day(day if day != dt.date.min else None),
                Reference="Total for Date",
                Charge=_money(sums[0]),
                Credit=_money(sums[1]),
                InsBal=_money(sums[2]),
                AcctBal=_money(sums[3]),
            )
        )
    out.append(
        row(
            "",
            "",
            "Overall Total",
            Reference="Total",
            Charge=_money(totals[0]),
            Credit=_money(totals[1]),
            InsBal=_money(totals[2]),
            AcctBal=_money(totals[3]),
        )
    )
    return out
