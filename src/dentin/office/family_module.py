"""``GET /familymodules/{PatNum}/Insurance``: a patient's insurance as the Family Module lists
it, one row per coverage (``patplan``) in ordinal order, with the subscriber, plan, carrier,
fee schedule and employer it points to already resolved, so a client needs no second call."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.office import enums
from dentin.office.listing import exists_or_404
from dentin.office.models import Carrier, Employer, FeeSched, InsPlan, InsSub, Patient, PatPlan
from dentin.office.serialize import Row

od_bool = enums.od_bool

# insplan.PlanType as the Family Module describes it ("p" with a fixed-benefit copay schedule
# reads "PPO Fixed Benefit", the rest by letter).
PLAN_TYPE_TEXT = {
    "": "Category Percentage",
    "p": "PPO Percentage",
    "f": "Medicaid or Flat Co-pay",
    "c": "Capitation",
}
FIXED_BENEFIT = enums.FEE_SCHED_TYPE.parse("FixedBenefit", "FeeSchedType")


def _ordinal_text(ordinal: int, is_medical: bool) -> str:
    if is_medical:
        return "Medical"
    return {1: "Primary", 2: "Secondary"}.get(ordinal, "Other")


def _plan_type_text(plan: Any, scheds: dict[int, Any]) -> str:
    copay = scheds.get(plan.CopayFeeSched)
    if plan.PlanType == "p" and copay is not None and copay.FeeSchedType == FIXED_BENEFIT:
        return "PPO Fixed Benefit"
    return PLAN_TYPE_TEXT.get(plan.PlanType, str(plan.PlanType))


def insurance(session: Session, pat_num: int) -> list[Row]:
    exists_or_404(session, Patient, pat_num, "PatNum")
    coverage = session.execute(
        select(PatPlan, InsSub, InsPlan)
        .join(InsSub, InsSub.InsSubNum == PatPlan.InsSubNum)
        .join(InsPlan, InsPlan.PlanNum == InsSub.PlanNum)
        .where(PatPlan.PatNum == pat_num)
        .order_by(PatPlan.Ordinal, PatPlan.PatPlanNum)
    ).all()
    if not coverage:
        return []
    plans = [plan for _pp, _sub, plan in coverage]
    subscribers = {sub.Subscriber for _pp, sub, _plan in coverage}
    names = {
        p.PatNum: f"{p.FName} {p.LName}".strip()
        for p in session.execute(
            select(Patient.PatNum, Patient.FName, Patient.LName).where(
                Patient.PatNum.in_(subscribers)
            )
        )
    }
    carriers = {
        c.CarrierNum: c.CarrierName
        for c in session.execute(
            select(Carrier.CarrierNum, Carrier.CarrierName).where(
                Carrier.CarrierNum.in_({p.CarrierNum for p in plans})
            )
        )
    }
    sched_nums = {p.FeeSched for p in plans} | {p.CopayFeeSched for p in plans}
    scheds = {
        f.FeeSchedNum: f
        for f in session.execute(
            select(FeeSched.FeeSchedNum, FeeSched.Description, FeeSched.FeeSchedType).where(
                FeeSched.FeeSchedNum.in_(sched_nums)
            )
        )
    }
    employers = {
        e.EmployerNum: e.EmpName
        for e in session.execute(
            select(Employer.EmployerNum, Employer.EmpName).where(
                Employer.EmployerNum.in_({p.EmployerNum for p in plans})
            )
        )
    }
    rows: list[Row] = []
    for pp, sub, plan in coverage:
        sched = scheds.get(plan.FeeSched)
        rows.append(
            {
                "PatNum": pat_num,
                "InsSubNum": sub.InsSubNum,
                "Subscriber": sub.Subscriber,
                "subscriber": names.get(sub.Subscriber, ""),
                "SubscriberID": sub.SubscriberID,
                "SubscNote": sub.SubscNote,
                "PatPlanNum": pp.PatPlanNum,
                "Ordinal": pp.Ordinal,
                "ordinal": _ordinal_text(pp.Ordinal, bool(plan.IsMedical)),
                "IsPending": od_bool(pp.IsPending),
                "Relationship": enums.RELATIONSHIP.text(pp.Relationship),
                "PatID": pp.PatID,
                "CarrierNum": plan.CarrierNum,
                "CarrierName": carriers.get(plan.CarrierNum, ""),
                "PlanNum": plan.PlanNum,
                "GroupName": plan.GroupName,
                "GroupNum": plan.GroupNum,
                "PlanNote": plan.PlanNote,
                "FeeSched": plan.FeeSched,
                "feeSchedule": sched.Description if sched is not None else "",
                "PlanType": plan.PlanType,
                "planType": _plan_type_text(plan, scheds),
                "CopayFeeSched": plan.CopayFeeSched,
                "EmployerNum": plan.EmployerNum,
                "employer": employers.get(plan.EmployerNum, ""),
                "IsMedical": od_bool(plan.IsMedical),
            }
        )
    return rows
