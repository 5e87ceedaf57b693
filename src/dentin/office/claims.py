"""Claims and what hangs off them, kept consistent with the ledger that aging reads.

A claim's procedures are its ``claimproc`` rows. Creating a claim turns each procedure's
insurance Estimate for that plan into a NotReceived claimproc (or, for a preauthorization,
adds a Preauth one), so the office's pending insurance (``InsPayEst``/``WriteOff`` of
NotReceived rows from ``ProcDate``, docs/aging.md) moves with it; deleting the claim turns
them back into Estimates. Receiving (``Status`` Received with ``InsPayAmt``) credits the
ledger on ``DateCP``; a claim payment (the insurance check) finalizes received rows. The
aging triggers of office migration 0002 follow every one of these writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import Defs
from dentin.office.enums import (
    CP_ADJUSTMENT,
    CP_ESTIMATE,
    CP_NOT_RECEIVED,
    CP_PREAUTH,
    CP_RECEIVED,
    CP_SUPPLEMENTAL,
)
from dentin.office.fields import Fields, to_int
from dentin.office.insurance_fields import (
    Amount,
    Choice,
    Day,
    Flag,
    Ref,
    Rule,
    Text,
    Whole,
    apply,
    fresh,
)
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Benefit,
    Carrier,
    Claim,
    ClaimPayment,
    ClaimProc,
    InsPlan,
    InsSub,
    Patient,
    PatPlan,
    ProcedureCode,
    ProcedureLog,
    Provider,
)
from dentin.office.registry import OfficeDatabase

PROC_TP, PROC_COMPLETE = 1, 2
CLAIM_CUSTOM_TRACKING = 31  # DefCat ClaimCustomTracking
CLAIM_PAYMENT_TRACKING = 36
INSURANCE_PAYMENT_TYPE = 32
CLAIM_PAYMENT_GROUP = 40
RECEIVED = (CP_RECEIVED, CP_SUPPLEMENTAL)
ORDINALS = {"P": 1, "S": 2}


def _id_list(f: Fields, name: str) -> list[int]:
    raw = f.raw(name)
    if not isinstance(raw, list) or not raw:
        raise BadRequest(f"{name} is required: an array of ProcNums in [1,2,3] format.")
    nums = [to_int(v, name, minimum=1) for v in raw]
    if len(set(nums)) != len(nums):
        raise BadRequest(f"{name} lists a ProcNum more than once.")
    return nums


# -- creating a claim ----------------------------------------------------------------------


def create_claim(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    proc_nums = _id_list(f, "procNums")
    claim_type = f.text("ClaimType", max_length=10)
    if claim_type not in ("P", "S", "PreAuth"):
        raise BadRequest(
            'ClaimType is required: "P" for primary, "S" for secondary or "PreAuth" for a '
            "preauthorization."
        )
    _sent, date_sent = f.date("DateSent")
    _sent, date_service = f.date("DateService")
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        if claim_type == "PreAuth":
            sub_num = f.number("InsSubNum")
            relat = f.enum("PatRelat", enums.RELATIONSHIP)
            if not sub_num or relat is None:
                raise BadRequest(
                    "InsSubNum and PatRelat are required for a PreAuth claim: the plan to ask "
                    "and the patient's relationship to its subscriber."
                )
            coverage = _coverage_by_sub(session, pat_num, sub_num)
        else:
            coverage = _coverage_by_ordinal(session, pat_num, ORDINALS[claim_type])
            sub_num = coverage.InsSubNum
            relat = f.enum("PatRelat", enums.RELATIONSHIP)
            if relat is None:
                relat = coverage.Relationship
        sub = get_or_404(session, InsSub, sub_num, "InsSubNum")
        plan = get_or_404(session, InsPlan, sub.PlanNum, "PlanNum")
        procs = _procedures(session, pat_num, proc_nums, claim_type, plan.PlanNum)
        sub2_num = f.number("InsSubNum2") or 0
        plan2 = 0
        relat2 = f.enum("PatRelat2", enums.RELATIONSHIP) or 0
        if sub2_num:
            other = _coverage_by_sub(session, pat_num, sub2_num)
            plan2 = get_or_404(session, InsSub, sub2_num, "InsSubNum2").PlanNum
            if not f.has("PatRelat2"):
                relat2 = other.Relationship
        first = procs[0]
        claim = fresh(
            Claim,
            PatNum=pat_num,
            DateService=None
            if claim_type == "PreAuth"
            else (date_service or min((p.ProcDate for p in procs if p.ProcDate), default=None)),
            DateSent=date_sent or now.date(),
            ClaimStatus="W",
            PlanNum=plan.PlanNum,
            ProvTreat=first.ProvNum or patient.PriProv,
            ProvBill=first.ProvNum or patient.PriProv,
            IsProsthesis="N",
            ClaimType=claim_type,
            PlaceService=first.PlaceService,
            PatRelat=relat,
            PlanNum2=plan2,
            PatRelat2=relat2,
            ClinicNum=first.ClinicNum,
            ClaimForm=plan.ClaimFormNum,
            InsSubNum=sub_num,
            InsSubNum2=sub2_num,
            SecDateEntry=now.date(),
            SecDateTEdit=now,
        )
        for name in ("ProvTreat", "ProvBill"):
            prov = f.number(name)
            if prov is not None:
                get_or_404(session, Provider, prov, name)
                setattr(claim, name, prov)
        form = f.number("ClaimForm")
        if form is not None:
            claim.ClaimForm = form
        session.add(claim)
        session.flush()
        for proc in procs:
            _attach(session, claim, proc, sub_num, now)
        totals(session, claim)
        return claim.ClaimNum


def _coverage_by_ordinal(session: Session, pat_num: int, ordinal: int) -> PatPlan:
    row = session.scalar(
        select(PatPlan).where(PatPlan.PatNum == pat_num, PatPlan.Ordinal == ordinal)
    )
    if row is None:
        which = "primary" if ordinal == 1 else "secondary"
        raise BadRequest(f"PatNum {pat_num} has no {which} insurance to claim.")
    return row


def _coverage_by_sub(session: Session, pat_num: int, sub_num: int) -> PatPlan:
    row = session.scalar(
        select(PatPlan).where(PatPlan.PatNum == pat_num, PatPlan.InsSubNum == sub_num)
    )
    if row is None:
        raise BadRequest(
            f"InsSubNum {sub_num} does not cover PatNum {pat_num}; the plan of a claim must be "
            "one of the patient's (see PatPlans)."
        )
    return row


def _procedures(
    session: Session, pat_num: int, nums: Sequence[int], claim_type: str, plan_num: int
) -> list[ProcedureLog]:
    procs = []
    wanted = PROC_TP if claim_type == "PreAuth" else PROC_COMPLETE
    for num in nums:
        proc = get_or_404(session, ProcedureLog, num, "ProcNum")
        if proc.PatNum != pat_num:
            raise BadRequest(f"ProcNum {num} belongs to another patient than PatNum {pat_num}.")
        if proc.ProcStatus != wanted:
            raise BadRequest(
                f"ProcNum {num} is {enums.PROC_STATUS.text(proc.ProcStatus)}; a "
                + ("preauthorization" if wanted == PROC_TP else "claim")
                + f" takes {enums.PROC_STATUS.text(wanted)} procedures only."
            )
        if claim_type != "PreAuth":
            on_claim = session.scalar(
                select(ClaimProc.ClaimNum).where(
                    ClaimProc.ProcNum == num,
                    ClaimProc.PlanNum == plan_num,
                    ClaimProc.ClaimNum != 0,
                    ClaimProc.Status != CP_PREAUTH,
                )
            )
            if on_claim is not None:
                raise BadRequest(f"ProcNum {num} is already on ClaimNum {on_claim} for this plan.")
        procs.append(proc)
    return procs


def _attach(session: Session, claim: Claim, proc: ProcedureLog, sub_num: int, now: Any) -> None:
    """The procedure's Estimate for the plan becomes the claim's row (a preauthorization gets
    a row of its own and leaves the Estimate in place)."""
    fee = round(proc.ProcFee * max(1, proc.UnitQty + proc.BaseUnits), 2)
    estimate = None
    if claim.ClaimType != "PreAuth":
        estimate = session.scalar(
            select(ClaimProc).where(
                ClaimProc.ProcNum == proc.ProcNum,
                ClaimProc.PlanNum == claim.PlanNum,
                ClaimProc.Status == CP_ESTIMATE,
                ClaimProc.ClaimNum == 0,
            )
        )
    code = session.scalar(
        select(ProcedureCode.ProcCode).where(ProcedureCode.CodeNum == proc.CodeNum)
    )
    row = estimate or fresh(
        ClaimProc,
        ProcNum=proc.ProcNum,
        PatNum=proc.PatNum,
        PlanNum=claim.PlanNum,
        InsEstTotal=_plan_estimate(session, claim.PlanNum, fee),
        Percentage=-1,
        DateEntry=now.date(),
        SecDateEntry=now.date(),
    )
    if estimate is None:
        session.add(row)
    pay_est = row.InsEstTotal if row.InsEstTotalOverride == -1 else row.InsEstTotalOverride
    row.ClaimNum = claim.ClaimNum
    row.Status = CP_PREAUTH if claim.ClaimType == "PreAuth" else CP_NOT_RECEIVED
    row.FeeBilled = fee
    row.InsPayEst = pay_est
    row.WriteOff = max(0.0, row.WriteOffEst) if claim.ClaimType != "PreAuth" else 0.0
    row.ProvNum = proc.ProvNum
    row.ClinicNum = proc.ClinicNum
    row.InsSubNum = sub_num
    row.CodeSent = code or ""
    row.ProcDate = proc.ProcDate
    row.DateCP = proc.ProcDate
    row.SecDateTEdit = now


def _plan_estimate(session: Session, plan_num: int, fee: float) -> float:
    """Without an Estimate to start from, the plan's general co-insurance share of the fee
    (0 when the plan has no co-insurance benefit): a first guess the office can override."""
    percent = session.scalar(
        select(Benefit.Percent)
        .where(Benefit.PlanNum == plan_num, Benefit.BenefitType == 1, Benefit.Percent >= 0)
        .order_by(Benefit.CovCatNum, Benefit.BenefitNum)
        .limit(1)
    )
    return round(fee * (percent or 0) / 100, 2)


def totals(session: Session, claim: Claim) -> None:
    """A claim's money is the sum of its procedures' (Open Dental recomputes it on each edit)."""
    session.flush()
    row = session.execute(
        select(
            func.coalesce(func.sum(ClaimProc.FeeBilled), 0),
            func.coalesce(func.sum(ClaimProc.InsPayEst), 0),
            func.coalesce(func.sum(ClaimProc.InsPayAmt), 0),
            func.coalesce(func.sum(ClaimProc.DedApplied), 0),
            func.coalesce(func.sum(ClaimProc.WriteOff), 0),
        ).where(ClaimProc.ClaimNum == claim.ClaimNum)
    ).one()
    claim.ClaimFee, claim.InsPayEst, claim.InsPayAmt, claim.DedApplied, claim.WriteOff = (
        round(float(v), 2) for v in row
    )


# -- updating, sending, splitting, deleting ------------------------------------------------


def _one_of(f: Fields, name: str, choices: dict[str, str]) -> str | None:
    value = f.text(name, max_length=20)
    if value is None:
        return None
    for word, stored in choices.items():
        if value.strip().lower() == word.lower():
            return stored
    listed = ", ".join(f'"{w}"' for w in choices)
    raise BadRequest(f"{name} must be one of {listed}, got {value!r}.")


CLAIM_RULES: dict[str, Rule] = {
    "DateReceived": Day(),
    "ProvTreat": Ref(Provider),
    "PriorDate": Day(),
    "ClaimNote": Text(None),
    "ReasonUnderPaid": Text(255),
    "ProvBill": Ref(Provider),
    "PlaceService": Choice(enums.PLACE_SERVICE),
    "AccidentDate": Day(),
    "IsOrtho": Flag(),
    "OrthoDate": Day(),
    "PatRelat": Choice(enums.RELATIONSHIP),
    "PatRelat2": Choice(enums.RELATIONSHIP),
    "ClaimForm": Whole(),
    "PriorAuthorizationNumber": Text(255),
    "OrthoRemainM": Whole(1, 36),
    "OrthoTotalM": Whole(1, 36),
}


def update_claim(db: OfficeDatabase, num: int, f: Fields) -> None:
    status = _one_of(f, "ClaimStatus", {s: s for s in ("U", "H", "W", "S", "R")})
    prosthesis = _one_of(f, "IsProsthesis", {"N": "N", "I": "I", "R": "R"})
    accident = _one_of(f, "AccidentRelated", {"No": "", "A": "A", "E": "E", "O": "O"})
    state = f.text("AccidentST", max_length=2)
    with db.transaction() as session:
        claim = get_or_404(session, Claim, num, "ClaimNum")
        apply(session, claim, f, CLAIM_RULES)
        now = office_now(db, session)
        if status is not None:
            claim.ClaimStatus = status
            if status == "R" and claim.DateReceived is None:
                claim.DateReceived = now.date()
        if prosthesis is not None:
            claim.IsProsthesis = prosthesis
        if accident is not None:
            claim.AccidentRelated = accident
        if state is not None:
            if state and not (len(state) == 2 and state.isalpha()):
                raise BadRequest(f"AccidentST must be two letters, got {state!r}.")
            claim.AccidentST = state.upper()
        sub2 = f.number("InsSubNum2")
        if sub2 is not None:
            claim.PlanNum2 = 0
            if sub2:
                _coverage_by_sub(session, claim.PatNum, sub2)
                claim.PlanNum2 = get_or_404(session, InsSub, sub2, "InsSubNum2").PlanNum
            claim.InsSubNum2 = sub2
        tracking = f.number("CustomTracking")
        if tracking is not None:
            claim.CustomTracking = (
                Defs.load(session).require(tracking, CLAIM_CUSTOM_TRACKING, "CustomTracking")
                if tracking
                else 0
            )
        claim.SecDateTEdit = now


def send_claim(db: OfficeDatabase, num: int, f: Fields) -> None:
    _sent, date_sent = f.date("DateSent")
    if date_sent is None:
        raise BadRequest("DateSent is required: the date the claim was sent, as yyyy-MM-dd.")
    _sent, original = f.date("DateSentOrig")
    with db.transaction() as session:
        claim = session.get(Claim, num)
        if claim is None:
            raise NotFound("Claim not found")
        if claim.DateSentOrig is None:
            claim.DateSentOrig = original or date_sent
        claim.DateSent = date_sent
        claim.ClaimStatus = "S"
        claim.SecDateTEdit = office_now(db, session)


def split_claim(db: OfficeDatabase, num: int, f: Fields) -> tuple[int, list[int]]:
    proc_nums = _id_list(f, "ProcNums")
    with db.transaction() as session:
        claim = get_or_404(session, Claim, num, "ClaimNum")
        rows = list(session.scalars(select(ClaimProc).where(ClaimProc.ClaimNum == num)))
        moving = [r for r in rows if r.ProcNum in proc_nums]
        missing = sorted(set(proc_nums) - {r.ProcNum for r in moving})
        if missing:
            raise BadRequest(f"ProcNums {missing} are not on ClaimNum {num}.")
        if len({r.ProcNum for r in rows}) == len(set(proc_nums)):
            raise BadRequest("A split must leave at least one procedure on the original claim.")
        if any(r.Status not in (CP_NOT_RECEIVED, CP_PREAUTH) or r.ClaimPaymentNum for r in moving):
            raise BadRequest("Only procedures not yet received can be split off a claim.")
        now = office_now(db, session)
        copy = fresh(
            Claim,
            **{
                attr.key: getattr(claim, attr.key)
                for attr in Claim.__mapper__.column_attrs
                if attr.key != "ClaimNum"
            },
        )
        copy.SecDateEntry, copy.SecDateTEdit = now.date(), now
        session.add(copy)
        session.flush()
        for r in moving:
            r.ClaimNum = copy.ClaimNum
            r.SecDateTEdit = now
        claim.SecDateTEdit = now
        totals(session, claim)
        totals(session, copy)
        return copy.ClaimNum, sorted({r.ProcNum for r in moving})


def delete_claim(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        claim = get_or_404(session, Claim, num, "ClaimNum")
        rows = list(session.scalars(select(ClaimProc).where(ClaimProc.ClaimNum == num)))
        if claim.ClaimStatus == "R" or any(r.ClaimPaymentNum or r.Status in RECEIVED for r in rows):
            raise BadRequest(
                f"ClaimNum {num} has been received or has an insurance payment attached, so it "
                "cannot be deleted."
            )
        now = office_now(db, session)
        for r in rows:
            if r.Status == CP_PREAUTH:
                session.delete(r)
                continue
            # Back to the procedure's Estimate for the plan, as before the claim.
            r.ClaimNum = 0
            r.Status = CP_ESTIMATE
            r.InsPayEst = r.InsEstTotal
            r.WriteOff = 0.0
            r.DateCP = None
            r.SecDateTEdit = now
        session.delete(claim)


# -- claim procedures ----------------------------------------------------------------------

CLAIMPROC_RULES: dict[str, Rule] = {
    "ProvNum": Ref(Provider),
    "FeeBilled": Amount(0),
    "DedApplied": Amount(0),
    "Remarks": Text(255),
    "WriteOff": Amount(0),
    "CodeSent": Text(15),
    "PercentOverride": Whole(-1, 100),
    "NoBillIns": Flag(),
    "CopayOverride": Amount(-1),
    "DedEstOverride": Amount(-1),
    "InsEstTotalOverride": Amount(-1),
    "PaidOtherInsOverride": Amount(-1),
    "WriteOffEstOverride": Amount(-1),
}
PUT_STATUSES = ("NotReceived", "Received", "Preauth", "Supplemental", "Estimate")
FIXED_STATUSES = (CP_ADJUSTMENT, 5, 7, 8, 9)  # Adjustment, CapClaim, CapComplete, CapEstimate...


def update_claimproc(db: OfficeDatabase, num: int, f: Fields) -> None:
    status = f.enum("Status", enums.CLAIMPROC_STATUS)
    if status is not None and enums.CLAIMPROC_STATUS.text(status) not in PUT_STATUSES:
        listed = ", ".join(f'"{s}"' for s in PUT_STATUSES)
        raise BadRequest(f"Status must be one of {listed}.")
    with db.transaction() as session:
        row = get_or_404(session, ClaimProc, num, "ClaimProcNum")
        if row.IsTransfer or row.Status in FIXED_STATUSES:
            raise BadRequest(
                f"ClaimProc {num} is "
                + ("a transfer" if row.IsTransfer else enums.CLAIMPROC_STATUS.text(row.Status))
                + ", which this method cannot update"
                + ("; use PUT /claimprocs/InsAdjust." if row.Status == CP_ADJUSTMENT else ".")
            )
        pay_amt = f.money("InsPayAmt")
        if pay_amt is not None and row.ClaimPaymentNum and pay_amt != row.InsPayAmt:
            raise BadRequest(
                f"InsPayAmt cannot change while ClaimProc {num} is attached to a claim payment "
                f"(ClaimPaymentNum {row.ClaimPaymentNum})."
            )
        apply(session, row, f, CLAIMPROC_RULES)
        now = office_now(db, session)
        if pay_amt is not None:
            row.InsPayAmt = pay_amt
        if status is not None and status != row.Status:
            if status in (CP_NOT_RECEIVED, CP_RECEIVED, CP_SUPPLEMENTAL) and not row.ClaimNum:
                raise BadRequest(
                    f"ClaimProc {num} is on no claim; create a claim for its procedure first."
                )
            row.Status = status
            if status in RECEIVED:
                row.DateEntry = now.date()
                row.DateCP = now.date()
                row.DateSuppReceived = now.date()
            else:  # pending again (or an estimate): from the procedure's date, as when made
                row.DateCP = row.ProcDate
        if row.NoBillIns:
            row.InsPayEst = 0.0
            row.InsEstTotal = 0.0
            row.WriteOffEst = -1.0
        elif row.InsEstTotalOverride != -1 and row.Status in (CP_ESTIMATE, CP_NOT_RECEIVED):
            if row.Status == CP_ESTIMATE:
                row.InsEstTotal = row.InsEstTotalOverride
            row.InsPayEst = row.InsEstTotalOverride
        tracking = f.number("ClaimPaymentTracking")
        if tracking is not None:
            row.ClaimPaymentTracking = (
                Defs.load(session).require(tracking, CLAIM_PAYMENT_TRACKING, "ClaimPaymentTracking")
                if tracking
                else 0
            )
        payment = f.number("ClaimPaymentNum")
        if payment is not None:
            _attach_payment(session, row, payment, now)
        row.SecDateTEdit = now
        if row.ClaimNum:
            claim = session.get(Claim, row.ClaimNum)
            if claim is not None:
                totals(session, claim)
                claim.SecDateTEdit = now


def _attach_payment(session: Session, row: ClaimProc, payment_num: int, now: Any) -> None:
    if not row.ClaimNum:
        raise BadRequest("ClaimPaymentNum needs a claimproc that is on a claim.")
    siblings = list(session.scalars(select(ClaimProc).where(ClaimProc.ClaimNum == row.ClaimNum)))
    if payment_num == 0:
        for r in siblings:
            if r.ClaimPaymentNum and r.ClaimPaymentNum == row.ClaimPaymentNum:
                r.ClaimPaymentNum, r.DateInsFinalized, r.SecDateTEdit = 0, None, now
        return
    payment = get_or_404(session, ClaimPayment, payment_num, "ClaimPaymentNum")
    if not payment.IsPartial:
        raise BadRequest(f"ClaimPaymentNum {payment_num} is not a partial payment.")
    for r in siblings:
        if r.Status in RECEIVED and not r.ClaimPaymentNum:
            r.ClaimPaymentNum, r.DateInsFinalized, r.SecDateTEdit = payment_num, now.date(), now


def _benefit_year(plan: InsPlan, day: dt.date) -> tuple[dt.date, dt.date]:
    """The benefit year holding ``day``: the calendar year, or from the renewal month on."""
    month = plan.MonthRenew or 1
    start = dt.date(day.year if day.month >= month else day.year - 1, month, 1)
    end = dt.date(start.year + 1, month, 1) - dt.timedelta(days=1)
    return start, end


def ins_adjust(db: OfficeDatabase, f: Fields) -> None:
    """Open Dental's "adjustment to insurance benefits": one Adjustment claimproc per benefit
    year holds whatever the paid claims do not, so that the used totals read as sent."""
    pat_plan_num = f.required_int("PatPlanNum")
    ins_used = f.money("insUsed")
    ded_used = f.money("deductibleUsed")
    if ins_used is None and ded_used is None:
        raise BadRequest("insUsed or deductibleUsed is required: the total used this year.")
    _sent, day = f.date("date")
    with db.transaction() as session:
        coverage = get_or_404(session, PatPlan, pat_plan_num, "PatPlanNum")
        sub = get_or_404(session, InsSub, coverage.InsSubNum, "InsSubNum")
        plan = get_or_404(session, InsPlan, sub.PlanNum, "PlanNum")
        now = office_now(db, session)
        day = day or now.date()
        start, end = _benefit_year(plan, day)
        mine = (
            ClaimProc.PatNum == coverage.PatNum,
            ClaimProc.PlanNum == plan.PlanNum,
            ClaimProc.ProcDate >= start,
            ClaimProc.ProcDate <= end,
        )
        paid, ded = session.execute(
            select(
                func.coalesce(func.sum(ClaimProc.InsPayAmt), 0),
                func.coalesce(func.sum(ClaimProc.DedApplied), 0),
            ).where(*mine, ClaimProc.Status.in_(RECEIVED))
        ).one()
        adjustment = session.scalar(
            select(ClaimProc).where(*mine, ClaimProc.Status == CP_ADJUSTMENT).limit(1)
        )
        if adjustment is None:
            adjustment = fresh(
                ClaimProc,
                PatNum=coverage.PatNum,
                PlanNum=plan.PlanNum,
                InsSubNum=sub.InsSubNum,
                Status=CP_ADJUSTMENT,
                ProcDate=day,
                DateEntry=now.date(),
                SecDateEntry=now.date(),
                SecDateTEdit=now,
                AllowedOverride=0,
                Percentage=0,
                PercentOverride=0,
                CopayAmt=0,
                PaidOtherIns=0,
                CopayOverride=0,
                DedEst=0,
                DedEstOverride=0,
                InsEstTotalOverride=0,
                PaidOtherInsOverride=0,
                WriteOffEstOverride=0,
            )
            session.add(adjustment)
        if ins_used is not None:
            adjustment.InsPayAmt = round(ins_used - float(paid), 2)
        if ded_used is not None:
            adjustment.DedApplied = round(ded_used - float(ded), 2)
        adjustment.SecDateTEdit = now
        if not adjustment.InsPayAmt and not adjustment.DedApplied:
            if adjustment.ClaimProcNum is not None:
                session.delete(adjustment)
            else:
                session.expunge(adjustment)


# -- claim payments ------------------------------------------------------------------------


def create_claimpayment(db: OfficeDatabase, f: Fields) -> int:
    claim_num = f.required_int("claimNum")
    amount = f.money("CheckAmt")
    if amount is None:
        raise BadRequest('CheckAmt is required: the amount of the check, such as "567.42".')
    _sent, check_date = f.date("CheckDate")
    _sent, issued = f.date("DateIssued")
    with db.transaction() as session:
        claim = get_or_404(session, Claim, claim_num, "claimNum")
        rows = [
            r
            for r in session.scalars(select(ClaimProc).where(ClaimProc.ClaimNum == claim_num))
            if r.Status in RECEIVED and not r.ClaimPaymentNum
        ]
        if not rows:
            raise BadRequest(
                f"ClaimNum {claim_num} has no received procedures to pay: set their Status to "
                '"Received" and InsPayAmt with PUT /claimprocs first.'
            )
        due = round(sum(r.InsPayAmt for r in rows), 2)
        if round(amount, 2) != due:
            raise BadRequest(
                f"CheckAmt {amount:.2f} must match the InsPayAmt of the claim's received "
                f"procedures not yet paid, {due:.2f}."
            )
        defs = Defs.load(session)
        now = office_now(db, session)
        carrier = session.scalar(
            select(Carrier.CarrierName)
            .join(InsPlan, InsPlan.CarrierNum == Carrier.CarrierNum)
            .where(InsPlan.PlanNum == claim.PlanNum)
        )
        payment = fresh(
            ClaimPayment,
            CheckDate=check_date or now.date(),
            CheckAmt=amount,
            ClinicNum=claim.ClinicNum,
            CarrierName=carrier or "",
            DateIssued=issued,
            PayType=_def(defs, INSURANCE_PAYMENT_TYPE),
            PayGroup=_def(defs, CLAIM_PAYMENT_GROUP),
            SecDateEntry=now.date(),
            SecDateTEdit=now,
        )
        _payment_fields(session, payment, f, defs)
        session.add(payment)
        session.flush()
        for r in rows:
            r.ClaimPaymentNum = payment.ClaimPaymentNum
            r.DateInsFinalized = payment.CheckDate
            r.SecDateTEdit = now
        return payment.ClaimPaymentNum


def _def(defs: Defs, category: int) -> int:
    nums = [n for n, c in defs.categories.items() if c == category]
    return min(nums) if nums else 0


PAYMENT_RULES: dict[str, Rule] = {
    "CheckNum": Text(25),
    "BankBranch": Text(25),
    "Note": Text(255),
    "CarrierName": Text(255),
}


def _payment_fields(session: Session, row: ClaimPayment, f: Fields, defs: Defs) -> None:
    apply(session, row, f, PAYMENT_RULES)
    clinic = f.number("ClinicNum")
    if clinic is not None:
        row.ClinicNum = clinic
    for name, category in (("PayType", INSURANCE_PAYMENT_TYPE), ("PayGroup", CLAIM_PAYMENT_GROUP)):
        number = f.number(name)
        if number is not None:
            setattr(row, name, defs.require(number, category, name))


def update_claimpayment(db: OfficeDatabase, num: int, f: Fields) -> None:
    if f.has("ClinicNum") or f.has("CheckDate"):
        raise BadRequest("ClinicNum and CheckDate cannot be changed on a claim payment.")
    amount = f.money("CheckAmt")
    with db.transaction() as session:
        row = get_or_404(session, ClaimPayment, num, "ClaimPaymentNum")
        _payment_fields(session, row, f, Defs.load(session))
        if amount is not None:
            attached = session.scalar(
                select(func.coalesce(func.sum(ClaimProc.InsPayAmt), 0)).where(
                    ClaimProc.ClaimPaymentNum == num
                )
            )
            row.CheckAmt = amount
            row.IsPartial = int(round(amount, 2) != round(float(attached or 0), 2))
        row.SecDateTEdit = office_now(db, session)


def delete_claimpayment(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, ClaimPayment, num, "ClaimPaymentNum")
        if row.DepositNum:
            raise BadRequest(
                f"ClaimPaymentNum {num} is on deposit {row.DepositNum}, so it cannot be deleted."
            )
        now = office_now(db, session)
        for r in session.scalars(select(ClaimProc).where(ClaimProc.ClaimPaymentNum == num)):
            r.ClaimPaymentNum, r.DateInsFinalized, r.SecDateTEdit = 0, None, now
        session.delete(row)
