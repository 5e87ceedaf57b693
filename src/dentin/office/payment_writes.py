"""Changing, refunding and re-splitting payments, as Open Dental's Payments PUT, POST Refund
and PUT Partial do.

A refund is a new payment of the negative amount whose splits mirror the original's, so each
charge the original paid is owed again and the aging sums (kept by the paysplit triggers of
office migration 0002) move back by exactly the refunded amount. ``Partial`` replaces a
payment's splits with the procedures and payment plan charges the caller names, which must add
up to the payment. Writers of one family are serialized, as ``allocation`` does.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.allocation import _FAMILY_LOCK, _charges
from dentin.office.booking import lock_key, write_transaction
from dentin.office.clock import office_now
from dentin.office.definitions import PAYMENT_TYPES, Defs
from dentin.office.fields import Fields, to_int, to_money
from dentin.office.listing import get_or_404
from dentin.office.models import Patient, Payment, PayPlan, PayPlanCharge, PaySplit
from dentin.office.registry import OfficeDatabase

ONLINE_STATUSES = ("OnlinePending", "OnlineProcessed")
DEBIT = 0


def update_payment(db: OfficeDatabase, pay_num: int, f: Fields) -> None:
    with db.transaction() as session:
        payment = get_or_404(session, Payment, pay_num, "PayNum")
        pay_type = f.number("PayType")
        if pay_type is not None:
            payment.PayType = Defs.load(session).require(pay_type, PAYMENT_TYPES, "PayType")
        for name in ("CheckNum", "BankBranch"):
            value = f.text(name, max_length=25)
            if value is not None:
                setattr(payment, name, value.strip())
        note = f.text("PayNote", max_length=65_000)
        if note is not None:
            payment.PayNote = note
        status = f.raw("ProcessStatus")
        if status is not None:
            if not isinstance(status, str) or status.strip() not in ONLINE_STATUSES:
                raise BadRequest(
                    f'ProcessStatus must be "OnlineProcessed" or "OnlinePending", got {status!r}.'
                )
            payment.ProcessStatus = enums.PROCESS_STATUS.parse(status, "ProcessStatus")
        payment.SecDateTEdit = office_now(db, session)


def refund_payment(db: OfficeDatabase, f: Fields) -> int:
    pay_num = f.required_int("PayNum")
    with write_transaction(db) as session:
        original = get_or_404(session, Payment, pay_num, "PayNum")
        _lock_family(session, original.PatNum)
        if original.PayAmt <= 0:
            raise BadRequest(f"PayNum {pay_num} is not a positive payment; it cannot be refunded.")
        splits = session.scalars(
            select(PaySplit).where(PaySplit.PayNum == pay_num).order_by(PaySplit.SplitNum)
        ).all()
        if any(s.SplitAmt < 0 for s in splits):
            raise BadRequest(f"PayNum {pay_num} has negative splits; it cannot be refunded.")
        if any(s.PayPlanNum or s.PayPlanChargeNum for s in splits):
            raise BadRequest(
                f"PayNum {pay_num} is attached to a payment plan; it cannot be refunded."
            )
        now = office_now(db, session)
        refund = Payment(
            PayType=original.PayType,
            PayDate=now.date(),
            PayAmt=-original.PayAmt,
            CheckNum=original.CheckNum,
            BankBranch=original.BankBranch,
            PayNote=original.PayNote,
            PatNum=original.PatNum,
            ClinicNum=original.ClinicNum,
            DateEntry=now.date(),
            Receipt="",
            IsRecurringCC=original.IsRecurringCC,
            SecDateTEdit=now,
            IsSplit=original.IsSplit,
        )
        session.add(refund)
        session.flush()
        for split in splits:
            session.add(
                PaySplit(
                    SplitAmt=-split.SplitAmt,
                    PatNum=split.PatNum,
                    PayNum=refund.PayNum,
                    ProvNum=split.ProvNum,
                    DatePay=refund.PayDate,
                    ProcNum=split.ProcNum,
                    AdjNum=split.AdjNum,
                    DateEntry=now.date(),
                    UnearnedType=split.UnearnedType,
                    ClinicNum=split.ClinicNum,
                    SecDateTEdit=now,
                )
            )
        return refund.PayNum


def partial_payment(db: OfficeDatabase, pay_num: int, f: Fields) -> None:
    procs = _pairs(f, "procNumsAndAmounts", "ProcNum")
    charges = _pairs(f, "payPlanChargeNumsAndAmounts", "PayPlanChargeNum")
    if not procs and not charges:
        raise BadRequest(
            "Send procNumsAndAmounts or payPlanChargeNumsAndAmounts (or both), such as "
            '{"procNumsAndAmounts": [{"ProcNum": 271, "Amount": 40}]}.'
        )
    with write_transaction(db) as session:
        payment = get_or_404(session, Payment, pay_num, "PayNum")
        patient = _lock_family(session, payment.PatNum)
        guarantor = patient.Guarantor or patient.PatNum
        total = round(sum(a for _, a in procs) + sum(a for _, a in charges), 2)
        if total != round(payment.PayAmt, 2):
            raise BadRequest(
                f"The Amounts add up to {total:.2f} but the payment is "
                f"{payment.PayAmt:.2f}; they must be equal."
            )
        # What each procedure still owes, not counting this payment's own splits.
        session.execute(delete(PaySplit).where(PaySplit.PayNum == pay_num))
        due = {c.proc_num: c for c in _charges(session, guarantor, None) if c.proc_num}
        now = office_now(db, session)
        wanted: dict[int, float] = defaultdict(float)
        for proc_num, amount in procs:
            wanted[proc_num] += amount
        for proc_num, amount in wanted.items():
            charge = due.get(proc_num)
            if charge is None:
                raise BadRequest(
                    f"ProcNum {proc_num} is not a completed procedure of this family with an "
                    "outstanding charge."
                )
            if round(amount, 2) > round(charge.due, 2):
                raise BadRequest(
                    f"ProcNum {proc_num} has {charge.due:.2f} outstanding; {amount:.2f} is more."
                )
            session.add(
                PaySplit(
                    SplitAmt=round(amount, 2),
                    PatNum=charge.pat_num,
                    PayNum=pay_num,
                    ProvNum=charge.prov_num,
                    DatePay=payment.PayDate,
                    ProcNum=proc_num,
                    DateEntry=now.date(),
                    ClinicNum=charge.clinic_num,
                    SecDateTEdit=now,
                )
            )
        family = set(session.scalars(select(Patient.PatNum).where(Patient.Guarantor == guarantor)))
        family.add(guarantor)
        for charge_num, amount in charges:
            row = session.get(PayPlanCharge, charge_num)
            if row is None:
                raise NotFound(f"PayPlanChargeNum {charge_num} was not found in this office.")
            plan = session.get(PayPlan, row.PayPlanNum)
            if plan is None or not plan.IsDynamic or row.PatNum not in family:
                raise BadRequest(
                    f"PayPlanChargeNum {charge_num} is not a charge of a dynamic payment plan "
                    "of this patient's family."
                )
            if row.ChargeType != DEBIT:
                raise BadRequest(f"PayPlanChargeNum {charge_num} is a credit, not a charge due.")
            session.add(
                PaySplit(
                    SplitAmt=round(amount, 2),
                    PatNum=row.PatNum,
                    PayNum=pay_num,
                    ProvNum=row.ProvNum,
                    DatePay=payment.PayDate,
                    ProcNum=row.ProcNum,
                    DateEntry=now.date(),
                    ClinicNum=row.ClinicNum,
                    SecDateTEdit=now,
                    PayPlanNum=row.PayPlanNum,
                    PayPlanChargeNum=charge_num,
                )
            )
        payment.IsSplit = int(len(wanted) + len(charges) > 1)
        payment.SecDateTEdit = now


def _lock_family(session: Session, pat_num: int) -> Patient:
    patient = get_or_404(session, Patient, pat_num, "PatNum")
    lock_key(session, _FAMILY_LOCK, patient.Guarantor or patient.PatNum)
    return patient


def _pairs(f: Fields, name: str, key: str) -> list[tuple[int, float]]:
    raw: Any = f.raw(name)
    if raw is None:
        return []
    example = f'[{{"{key}": 271, "Amount": 40}}]'
    if not isinstance(raw, list) or not raw:
        raise BadRequest(f"{name} must be a non-empty array such as {example}.")
    out: list[tuple[int, float]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadRequest(f"{name} must be an array of objects such as {example}.")
        fields = {k.lower(): v for k, v in item.items()}
        if key.lower() not in fields or "amount" not in fields:
            raise BadRequest(f"Each item of {name} needs {key} and Amount, as in {example}.")
        amount = to_money(fields["amount"], "Amount")
        if amount <= 0:
            raise BadRequest(f"Each Amount in {name} must be more than 0, got {amount:.2f}.")
        out.append((to_int(fields[key.lower()], key), amount))
    return out
