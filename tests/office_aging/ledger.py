"""Small ledgers for aging tests, and the plain per-family reference implementation.

The reference follows docs/aging.md line by line with exact decimals and one family at a time;
it is deliberately naive so that the set-based SQL in ``dentin.office.aging`` has something
independent to be checked against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete

from dentin.office.models import Adjustment, ClaimProc, Patient, PaySplit, ProcedureLog
from dentin.office.registry import OfficeDatabase

STAMP = dt.datetime(2024, 1, 1)
RECEIVED = (1, 4, 7)


@dataclass
class Pat:
    PatNum: int
    Guarantor: int
    LName: str = "Family"
    FName: str = "Member"
    ClinicNum: int = 0


@dataclass
class Proc:
    PatNum: int
    ProcDate: dt.date
    ProcFee: Decimal
    ProcStatus: int = 2
    UnitQty: int = 1
    ClinicNum: int = 0


@dataclass
class Adj:
    PatNum: int
    AdjDate: dt.date
    AdjAmt: Decimal
    ClinicNum: int = 0


@dataclass
class Split:
    PatNum: int
    DatePay: dt.date
    SplitAmt: Decimal
    ClinicNum: int = 0


@dataclass
class Claim:
    PatNum: int
    Status: int
    ProcDate: dt.date
    DateCP: dt.date | None
    InsPayEst: Decimal = Decimal(0)
    InsPayAmt: Decimal = Decimal(0)
    WriteOff: Decimal = Decimal(0)
    ClinicNum: int = 0


@dataclass
class Ledger:
    patients: list[Pat] = field(default_factory=list)
    procs: list[Proc] = field(default_factory=list)
    adjs: list[Adj] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def load(db: OfficeDatabase, ledger: Ledger, *, replace: bool = True) -> None:
    """Write the ledger into the office database (replacing any earlier ledger)."""
    with db.transaction() as s:
        if replace:
            for model in (ProcedureLog, Adjustment, PaySplit, ClaimProc, Patient):
                s.execute(delete(model))
        s.add_all(
            Patient(
                PatNum=p.PatNum,
                Guarantor=p.Guarantor,
                LName=p.LName,
                FName=p.FName,
                ClinicNum=p.ClinicNum,
                DateTStamp=STAMP,
            )
            for p in ledger.patients
        )
        s.add_all(
            ProcedureLog(
                PatNum=p.PatNum,
                ProcDate=p.ProcDate,
                ProcFee=float(p.ProcFee),
                ProcStatus=p.ProcStatus,
                UnitQty=p.UnitQty,
                ClinicNum=p.ClinicNum,
                DateTStamp=STAMP,
            )
            for p in ledger.procs
        )
        s.add_all(
            Adjustment(
                PatNum=a.PatNum,
                AdjDate=a.AdjDate,
                AdjAmt=float(a.AdjAmt),
                ClinicNum=a.ClinicNum,
                SecDateTEdit=STAMP,
            )
            for a in ledger.adjs
        )
        s.add_all(
            PaySplit(
                PatNum=x.PatNum,
                PayNum=0,
                DatePay=x.DatePay,
                SplitAmt=float(x.SplitAmt),
                ClinicNum=x.ClinicNum,
                SecDateTEdit=STAMP,
            )
            for x in ledger.splits
        )
        s.add_all(
            ClaimProc(
                PatNum=c.PatNum,
                Status=c.Status,
                ProcDate=c.ProcDate,
                DateCP=c.DateCP,
                InsPayEst=float(c.InsPayEst),
                InsPayAmt=float(c.InsPayAmt),
                WriteOff=float(c.WriteOff),
                ClinicNum=c.ClinicNum,
                SecDateTEdit=STAMP,
            )
            for c in ledger.claims
        )


@dataclass
class RefFamily:
    PatNum: int
    Bal_0_30: Decimal
    Bal_31_60: Decimal
    Bal_61_90: Decimal
    BalOver90: Decimal
    BalTotal: Decimal
    InsWoEst: Decimal
    InsPayEst: Decimal


def _entries(
    ledger: Ledger, members: set[int], as_of: dt.date, clinic: int | None
) -> list[tuple[dt.date, Decimal]]:
    def ok(pat: int, day: dt.date | None, clin: int) -> bool:
        return pat in members and day is not None and day <= as_of and clinic in (None, clin)

    out: list[tuple[dt.date, Decimal]] = []
    for p in ledger.procs:
        if p.ProcStatus == 2 and ok(p.PatNum, p.ProcDate, p.ClinicNum):
            out.append((p.ProcDate, p.ProcFee * p.UnitQty))
    for a in ledger.adjs:
        if ok(a.PatNum, a.AdjDate, a.ClinicNum):
            out.append((a.AdjDate, a.AdjAmt))
    for x in ledger.splits:
        if ok(x.PatNum, x.DatePay, x.ClinicNum):
            out.append((x.DatePay, -x.SplitAmt))
    for c in ledger.claims:
        if c.Status in RECEIVED and c.DateCP is not None and ok(c.PatNum, c.DateCP, c.ClinicNum):
            out.append((c.DateCP, -(c.InsPayAmt + c.WriteOff)))
    return out


def _pending(
    ledger: Ledger, members: set[int], as_of: dt.date, clinic: int | None
) -> tuple[Decimal, Decimal]:
    pay = wo = Decimal(0)
    for c in ledger.claims:
        if c.PatNum not in members or c.ProcDate > as_of or clinic not in (None, c.ClinicNum):
            continue
        later = c.Status in RECEIVED and c.DateCP is not None and c.DateCP > as_of
        if c.Status == 0 or later:
            pay += c.InsPayEst
            wo += c.WriteOff
    return pay, wo


def reference_family(
    ledger: Ledger, guarantor: int, as_of: dt.date, clinic: int | None = None
) -> RefFamily:
    members = {p.PatNum for p in ledger.patients if p.Guarantor == guarantor}
    buckets = [Decimal(0)] * 4  # 0-30, 31-60, 61-90, over 90
    credits = Decimal(0)
    for day, amount in _entries(ledger, members, as_of, clinic):
        if amount < 0:
            credits -= amount
            continue
        age = (as_of - day).days
        index = 0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3
        buckets[index] += amount
    total = sum(buckets, Decimal(0)) - credits
    for index in (3, 2, 1):  # credits pay the oldest charges first
        used = min(buckets[index], credits)
        buckets[index] -= used
        credits -= used
    buckets[0] -= credits
    pay, wo = _pending(ledger, members, as_of, clinic)
    return RefFamily(guarantor, buckets[0], buckets[1], buckets[2], buckets[3], total, wo, pay)


def reference_report(ledger: Ledger, as_of: dt.date, clinic: int | None = None) -> list[RefFamily]:
    """Families with anything owed or pending, ordered by guarantor name then PatNum."""
    by_num = {p.PatNum: p for p in ledger.patients}
    guarantors = sorted(
        {p.Guarantor for p in ledger.patients if p.Guarantor in by_num},
        key=lambda g: (by_num[g].LName, by_num[g].FName, g),
    )
    rows = []
    for g in guarantors:
        fam = reference_family(ledger, g, as_of, clinic)
        values = (
            fam.Bal_0_30,
            fam.Bal_31_60,
            fam.Bal_61_90,
            fam.BalOver90,
            fam.BalTotal,
            fam.InsWoEst,
            fam.InsPayEst,
        )
        if any(v != 0 for v in values):
            rows.append(fam)
    return rows


def reference_est_balance(ledger: Ledger, patnum: int, as_of: dt.date) -> Decimal:
    own = {patnum}
    total = sum((amount for _day, amount in _entries(ledger, own, as_of, None)), Decimal(0))
    pay, wo = _pending(ledger, own, as_of, None)
    return total - pay - wo


def as_wire(fam: RefFamily, name: str) -> dict[str, object]:
    def f(v: Decimal) -> float:
        return float(v.quantize(Decimal("0.01"))) + 0.0

    portion = fam.BalTotal - fam.InsWoEst - fam.InsPayEst
    return {
        "PatNum": fam.PatNum,
        "patName": name,
        "Bal_0_30": f(fam.Bal_0_30),
        "Bal_31_60": f(fam.Bal_31_60),
        "Bal_61_90": f(fam.Bal_61_90),
        "BalOver90": f(fam.BalOver90),
        "BalTotal": f(fam.BalTotal),
        "InsWoEst": f(fam.InsWoEst),
        "InsPayEst": f(fam.InsPayEst),
        "PatientPortion": f(portion),
    }
