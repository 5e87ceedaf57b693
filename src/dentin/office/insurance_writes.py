"""Writing the insurance setup: procedure codes, carriers, employers, plans, subscribers,
coverage, benefits, coverage categories, fee schedules, fees and verifications.

Each action opens and commits one transaction and answers the row's number; the rules of each
field are Open Dental's (apiprocedurecodes.html, apicarriers.html, ... apiinsverifies.html).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.definitions import BILLING_TYPES, PROC_CODE_CATS, Defs
from dentin.office.fields import Fields, check_pattern
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
    Clinic,
    CovCat,
    Employer,
    Fee,
    FeeSched,
    InsPlan,
    InsSub,
    InsVerify,
    Patient,
    PatPlan,
    ProcedureCode,
    Provider,
)
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize_insurance import PLAN_TYPES

INS_VERIFY_STATUS = 38  # DefCat InsuranceVerificationStatus

# -- procedure codes -----------------------------------------------------------------------

CODE_RULES: dict[str, Rule] = {
    "Descript": Text(255),
    "AbbrDesc": Text(50),
    "TreatArea": Choice(enums.TREAT_AREA),
    "NoBillIns": Flag(),
    "IsProsth": Flag(),
    "DefaultNote": Text(None),
    "IsHygiene": Flag(),
    "AlternateCode1": Text(15),
    "IsTaxed": Flag(),
    "PaintType": Choice(enums.PAINT_TYPE),
    "LaymanTerm": Text(255),
    "IsCanadianLab": Flag(),
    "BaseUnits": Whole(0, 1000),
    "SubstOnlyIf": Choice(enums.SUBST_ONLY_IF),
    "RevenueCodeDefault": Text(255),
    "ProvNumDefault": Ref(Provider),
    "CanadaTimeUnits": Amount(0),
    "IsRadiology": Flag(),
    "DefaultClaimNote": Text(None),
    "DefaultTPNote": Text(None),
    "PaintText": Text(255),
    "AreaAlsoToothRange": Flag(),
    "DiagnosticCodes": Text(255),
}
_ICD10 = re.compile(r"[A-Za-z0-9.]{3,8}")


def create_procedurecode(db: OfficeDatabase, f: Fields) -> int:
    code = f.required_str("ProcCode", max_length=15).strip()
    f.required_str("Descript")
    f.required_str("AbbrDesc", max_length=50)
    if not f.has("ProcCat") and not f.has("procCat"):
        raise BadRequest("ProcCat or procCat is required: the procedure code's category.")
    with db.transaction() as session:
        taken = session.scalar(select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == code))
        if taken is not None:
            raise BadRequest(f"ProcCode {code!r} already exists (CodeNum {taken}).")
        row = fresh(
            ProcedureCode, ProcCode=code, ProcTime="/X/", DateTStamp=office_now(db, session)
        )
        _procedurecode_fields(session, row, f)
        session.add(row)
        session.flush()
        return row.CodeNum


def update_procedurecode(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, ProcedureCode, num, "CodeNum")
        if f.has("ProcCode"):
            raise BadRequest("ProcCode cannot be changed; create a new procedure code instead.")
        _procedurecode_fields(session, row, f)
        row.DateTStamp = office_now(db, session)


def _procedurecode_fields(session: Session, row: ProcedureCode, f: Fields) -> None:
    apply(session, row, f, CODE_RULES)
    for name in ("Descript", "AbbrDesc"):
        if f.has(name) and not getattr(row, name).strip():
            raise BadRequest(f"{name} may not be blank.")
    if f.has("ProcTime"):
        row.ProcTime = check_pattern(f.required_str("ProcTime", max_length=24), "ProcTime")
    defs = Defs.load(session)
    raw = f.raw("procCat")  # ProcCat and procCat arrive under one key (names fold case)
    if raw is not None:
        if isinstance(raw, str) and not raw.strip().isdigit():
            row.ProcCat = defs.by_name(raw, PROC_CODE_CATS, "procCat")
        else:
            number = f.number("ProcCat")
            assert number is not None
            row.ProcCat = defs.require(number, PROC_CODE_CATS, "ProcCat")
    for name in ("MedicalCode", "SubstitutionCode"):
        value = f.text(name, max_length=25)
        if value is not None:
            value = value.strip()
            if value and not session.scalar(
                select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == value)
            ):
                raise BadRequest(f"{name} {value!r} is not a procedure code of this office.")
            setattr(row, name, value)
    drug = f.text("DrugNDC", max_length=11)
    if drug is not None:
        if drug and not (len(drug) == 11 and drug.isdigit()):
            raise BadRequest(f"DrugNDC must be 11 digits or blank, got {drug!r}.")
        row.DrugNDC = drug
    if row.PaintText and row.PaintType != enums.PAINT_TYPE.parse("Text", "PaintType"):
        raise BadRequest('PaintText needs PaintType "Text".')
    if row.AreaAlsoToothRange and enums.TREAT_AREA.text(row.TreatArea) not in ("Quad", "Arch"):
        raise BadRequest('AreaAlsoToothRange needs TreatArea "Quad" or "Arch".')
    codes = [c for c in row.DiagnosticCodes.split(",") if c] if row.DiagnosticCodes else []
    if len(codes) > 4 or not all(_ICD10.fullmatch(c) for c in codes):
        raise BadRequest(
            "DiagnosticCodes holds up to 4 ICD-10 codes, comma-separated with no whitespace "
            f"(such as B08.09,K02.52), got {row.DiagnosticCodes!r}."
        )


# -- carriers and employers ----------------------------------------------------------------

CARRIER_RULES: dict[str, Rule] = {
    "CarrierName": Text(255),
    "Address": Text(255),
    "Address2": Text(255),
    "City": Text(255),
    "State": Text(50),
    "Zip": Text(20, zip_code=True),
    "Phone": Text(40),
    "ElectID": Text(20),
    "NoSendElect": Choice(enums.NO_SEND_ELECT),
    "IsHidden": Flag(),
}


def create_carrier(db: OfficeDatabase, f: Fields) -> int:
    f.required_str("CarrierName")
    with db.transaction() as session:
        now = office_now(db, session)
        row = fresh(Carrier, SecDateEntry=now.date(), SecDateTEdit=now)
        apply(session, row, f, CARRIER_RULES)
        session.add(row)
        session.flush()
        return row.CarrierNum


def update_carrier(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Carrier, num, "CarrierNum")
        apply(session, row, f, CARRIER_RULES)
        if not row.CarrierName.strip():
            raise BadRequest("CarrierName may not be blank.")
        row.SecDateTEdit = office_now(db, session)


def create_employer(db: OfficeDatabase, f: Fields) -> int:
    name = f.required_str("EmpName")
    with db.transaction() as session:
        row = fresh(Employer, EmpName=name)
        session.add(row)
        session.flush()
        return row.EmployerNum


def update_employer(db: OfficeDatabase, num: int, f: Fields) -> None:
    name = f.required_str("EmpName")
    with db.transaction() as session:
        get_or_404(session, Employer, num, "EmployerNum").EmpName = name


def delete_employer(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Employer, num, "EmployerNum")
        for model, what in ((Patient, "a patient"), (InsPlan, "an insurance plan")):
            if session.scalar(select(func.count()).where(model.EmployerNum == num)):
                raise BadRequest(f"Employer {num} is used by {what}, so it cannot be deleted.")
        session.delete(row)


# -- insurance plans, subscribers, coverage ------------------------------------------------

PLAN_RULES: dict[str, Rule] = {
    "GroupName": Text(255),
    "GroupNum": Text(25),
    "PlanNote": Text(None),
    "FeeSched": Ref(FeeSched),
    "ClaimFormNum": Whole(),
    "ClaimsUseUCR": Flag(),
    "CopayFeeSched": Ref(FeeSched),
    "EmployerNum": Ref(Employer),
    "CarrierNum": Ref(Carrier, zero=False),
    "IsMedical": Flag(),
    "FilingCode": Whole(),
    "ShowBaseUnits": Flag(),
    "CodeSubstNone": Flag(),
    "IsHidden": Flag(),
    "MonthRenew": Whole(0, 12),
    "FilingCodeSubtype": Whole(),
    "CobRule": Choice(enums.COB_RULE),
    "ExclusionFeeRule": Choice(enums.EXCLUSION_FEE_RULE),
    "ManualFeeSchedNum": Ref(FeeSched),
    "IsBlueBookEnabled": Flag(),
    "InsPlansZeroWriteOffsOnAnnualMaxOverride": Choice(enums.YN_DEFAULT),
    "InsPlansZeroWriteOffsOnFreqOrAgingOverride": Choice(enums.YN_DEFAULT),
}


def create_insplan(db: OfficeDatabase, f: Fields) -> int:
    if f.number("CarrierNum") is None:
        raise BadRequest("CarrierNum is required: the carrier of the new plan.")
    with db.transaction() as session:
        now = office_now(db, session)
        row = fresh(InsPlan, ClaimFormNum=1, CobRule=1, SecDateEntry=now.date(), SecDateTEdit=now)
        _plan_fields(session, row, f)
        if not f.has("ClaimsUseUCR"):
            row.ClaimsUseUCR = 0
        session.add(row)
        session.flush()
        return row.PlanNum


def update_insplan(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, InsPlan, num, "PlanNum")
        _plan_fields(session, row, f)
        row.SecDateTEdit = office_now(db, session)


def _plan_fields(session: Session, row: InsPlan, f: Fields) -> None:
    apply(session, row, f, PLAN_RULES)
    plan_type = f.text("PlanType", max_length=10)
    if plan_type is not None:
        if plan_type not in PLAN_TYPES:
            raise BadRequest(
                'PlanType must be "" (Percentage), "p" (PPO Percentage), "f" (Flat Copay) or '
                f'"c" (Capitation), got {plan_type!r}.'
            )
        row.PlanType = plan_type
    billing = f.number("BillingType")
    if billing is not None:
        row.BillingType = (
            Defs.load(session).require(billing, BILLING_TYPES, "BillingType") if billing else 0
        )
    if row.IsBlueBookEnabled and row.PlanType:
        raise BadRequest(
            'IsBlueBookEnabled can be "true" only for a Percentage plan (PlanType "").'
        )


SUB_RULES: dict[str, Rule] = {
    "PlanNum": Ref(InsPlan, zero=False),
    "Subscriber": Ref(Patient, zero=False),
    "SubscriberID": Text(255),
    "DateEffective": Day(),
    "DateTerm": Day(),
    "BenefitNotes": Text(None),
    "ReleaseInfo": Flag(),
    "AssignBen": Flag(),
    "SubscNote": Text(None),
}


def create_inssub(db: OfficeDatabase, f: Fields) -> int:
    for name in ("PlanNum", "Subscriber"):
        f.required_int(name)
    f.required_str("SubscriberID")
    with db.transaction() as session:
        now = office_now(db, session)
        row = fresh(InsSub, ReleaseInfo=1, AssignBen=1, SecDateEntry=now.date(), SecDateTEdit=now)
        apply(session, row, f, SUB_RULES)
        session.add(row)
        session.flush()
        return row.InsSubNum


def update_inssub(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, InsSub, num, "InsSubNum")
        apply(session, row, f, SUB_RULES)
        if not row.SubscriberID.strip():
            raise BadRequest("SubscriberID may not be blank.")
        row.SecDateTEdit = office_now(db, session)


def delete_inssub(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, InsSub, num, "InsSubNum")
        if session.scalar(select(func.count()).where(PatPlan.InsSubNum == num)):
            raise BadRequest("Can't delete InsSub because PatPlans are still attached.")
        session.delete(row)


def create_patplan(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    sub_num = f.required_int("InsSubNum")
    ordinal = f.number("Ordinal")
    relationship = f.enum("Relationship", enums.RELATIONSHIP) or 0
    pat_id = f.text("PatID", max_length=100) or ""
    with db.transaction() as session:
        if session.get(Patient, pat_num) is None:
            raise NotFound("Patient does not exist.")
        if session.get(InsSub, sub_num) is None:
            raise NotFound("InsSub does not exist.")
        taken = select(PatPlan.PatPlanNum).where(
            PatPlan.PatNum == pat_num, PatPlan.InsSubNum == sub_num
        )
        if session.scalar(taken) is not None:
            raise BadRequest(f"PatNum {pat_num} is already covered by InsSubNum {sub_num}.")
        now = office_now(db, session)
        row = fresh(
            PatPlan,
            PatNum=pat_num,
            InsSubNum=sub_num,
            Relationship=relationship,
            PatID=pat_id,
            SecDateTEntry=now,
            SecDateTEdit=now,
        )
        session.add(row)
        session.flush()
        _place(session, row, ordinal or 1, now)
        return row.PatPlanNum


def update_patplan(db: OfficeDatabase, num: int, f: Fields) -> None:
    if f.has("PatNum"):
        raise BadRequest("PatNum cannot be changed; drop the PatPlan and create it again.")
    with db.transaction() as session:
        row = get_or_404(session, PatPlan, num, "PatPlanNum")
        now = office_now(db, session)
        sub_num = f.number("InsSubNum")
        if sub_num is not None:
            if session.get(InsSub, sub_num) is None:
                raise NotFound("InsSub does not exist.")
            row.InsSubNum = sub_num
        relationship = f.enum("Relationship", enums.RELATIONSHIP)
        if relationship is not None:
            row.Relationship = relationship
        pat_id = f.text("PatID", max_length=100)
        if pat_id is not None:
            row.PatID = pat_id
        row.SecDateTEdit = now
        ordinal = f.number("Ordinal")
        if ordinal is not None:
            _place(session, row, ordinal, now)


def _place(session: Session, row: PatPlan, ordinal: int, now: Any) -> None:
    """Put ``row`` at ``ordinal`` (1 primary); the patient's other plans keep their order
    around it, numbered 1, 2, 3... as Open Dental keeps them."""
    if ordinal < 1 or ordinal > 9:
        raise BadRequest(f"Ordinal must be a single digit from 1 (primary) up, got {ordinal}.")
    others = list(
        session.scalars(
            select(PatPlan)
            .where(PatPlan.PatNum == row.PatNum, PatPlan.PatPlanNum != row.PatPlanNum)
            .order_by(PatPlan.Ordinal, PatPlan.PatPlanNum)
        )
    )
    others.insert(min(ordinal, len(others) + 1) - 1, row)
    for i, plan in enumerate(others, start=1):
        if plan.Ordinal != i:
            plan.Ordinal = i
            plan.SecDateTEdit = now


def delete_patplan(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, PatPlan, num, "PatPlanNum")
        pat_num = row.PatNum
        session.delete(row)
        session.flush()
        now = office_now(db, session)
        rest = session.scalars(
            select(PatPlan).where(PatPlan.PatNum == pat_num).order_by(PatPlan.Ordinal)
        )
        for i, plan in enumerate(rest, start=1):
            if plan.Ordinal != i:
                plan.Ordinal = i
                plan.SecDateTEdit = now


# -- benefits and coverage categories ------------------------------------------------------

BENEFIT_RULES: dict[str, Rule] = {
    "CovCatNum": Ref(CovCat),
    "BenefitType": Choice(enums.BENEFIT_TYPE),
    "Percent": Whole(-1, 100),
    "MonetaryAmt": Amount(-1),
    "TimePeriod": Choice(enums.TIME_PERIOD),
    "QuantityQualifier": Choice(enums.QUANTITY_QUALIFIER),
    "Quantity": Whole(0, 100),
    "CoverageLevel": Choice(enums.COVERAGE_LEVEL),
    "CodeGroupNum": Whole(),
    "TreatArea": Choice(enums.TREAT_AREA),
}


def create_benefit(db: OfficeDatabase, f: Fields) -> int:
    plan_num = f.number("PlanNum") or 0
    pat_plan_num = f.number("PatPlanNum") or 0
    if bool(plan_num) == bool(pat_plan_num):
        raise BadRequest("Send PlanNum or PatPlanNum (one of them) to say whose benefit it is.")
    for name, kind in (
        ("BenefitType", enums.BENEFIT_TYPE),
        ("CoverageLevel", enums.COVERAGE_LEVEL),
    ):
        if f.enum(name, kind) is None:
            raise BadRequest(f"{name} is required: one of {kind.choices()}.")
    with db.transaction() as session:
        renew = 0
        if plan_num:
            renew = get_or_404(session, InsPlan, plan_num, "PlanNum").MonthRenew
        else:
            get_or_404(session, PatPlan, pat_plan_num, "PatPlanNum")
        now = office_now(db, session)
        row = fresh(
            Benefit,
            PlanNum=plan_num,
            PatPlanNum=pat_plan_num,
            TimePeriod=1 if renew else 2,  # ServiceYear or CalendarYear
            SecDateTEntry=now,
            SecDateTEdit=now,
        )
        _benefit_fields(session, row, f)
        session.add(row)
        session.flush()
        return row.BenefitNum


def update_benefit(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Benefit, num, "BenefitNum")
        _benefit_fields(session, row, f)
        row.SecDateTEdit = office_now(db, session)


def _benefit_fields(session: Session, row: Benefit, f: Fields) -> None:
    apply(session, row, f, BENEFIT_RULES)
    code_num = f.number("CodeNum")
    code = f.text("procCode", max_length=15)
    if code_num:
        get_or_404(session, ProcedureCode, code_num, "CodeNum")
        row.CodeNum = code_num
    elif code_num == 0 and not code:
        row.CodeNum = 0
    elif code:
        found = session.scalar(
            select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == code.strip())
        )
        if found is None:
            raise NotFound(f"procCode {code!r} was not found in this office's procedure codes.")
        row.CodeNum = int(found)
    kind = enums.BENEFIT_TYPE.text(row.BenefitType)
    if row.CodeNum and row.CovCatNum:
        raise BadRequest("CodeNum or procCode is allowed only when CovCatNum is 0.")
    if row.Percent != -1 and kind != "CoInsurance":
        raise BadRequest('Percent is allowed only when BenefitType is "CoInsurance".')
    if row.MonetaryAmt != -1 and kind not in ("CoPayment", "Limitations", "Deductible"):
        raise BadRequest(
            'MonetaryAmt is used only when BenefitType is "CoPayment", "Limitations" or '
            '"Deductible".'
        )
    qualifier = enums.QUANTITY_QUALIFIER.text(row.QuantityQualifier)
    if kind == "WaitingPeriod" and qualifier not in ("Months", "Years"):
        raise BadRequest('QuantityQualifier must be "Months" or "Years" for a WaitingPeriod.')
    if qualifier == "AgeLimit" and row.Quantity <= 0:
        raise BadRequest('Quantity must be greater than 0 when QuantityQualifier is "AgeLimit".')


def delete_benefit(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        session.delete(get_or_404(session, Benefit, num, "BenefitNum"))


COVCAT_RULES: dict[str, Rule] = {
    "Description": Text(50),
    "DefaultPercent": Whole(-1, 100),
    "CovOrder": Whole(0, 255),
    "IsHidden": Flag(),
    "EbenefitCat": Choice(enums.EBENEFIT_CAT),
}


def create_covcat(db: OfficeDatabase, f: Fields) -> int:
    f.required_str("Description", max_length=50)
    if f.has("CovOrder"):
        raise BadRequest("CovOrder is set by the office on create; change it with a PUT.")
    with db.transaction() as session:
        order = session.scalar(select(func.coalesce(func.max(CovCat.CovOrder) + 1, 0)))
        row = fresh(CovCat, CovOrder=int(order or 0))
        apply(session, row, f, COVCAT_RULES)
        session.add(row)
        session.flush()
        return row.CovCatNum


def update_covcat(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, CovCat, num, "CovCatNum")
        apply(session, row, f, COVCAT_RULES)
        if not row.Description.strip():
            raise BadRequest("Description may not be blank.")


# -- fee schedules and fees ----------------------------------------------------------------


def create_feesched(db: OfficeDatabase, f: Fields) -> int:
    description = f.required_str("Description")
    kind = f.enum("FeeSchedType", enums.FEE_SCHED_TYPE)
    if kind is None:
        raise BadRequest(f"FeeSchedType is required: one of {enums.FEE_SCHED_TYPE.choices()}.")
    with db.transaction() as session:
        now = office_now(db, session)
        order = session.scalar(select(func.coalesce(func.max(FeeSched.ItemOrder) + 1, 0)))
        row = fresh(
            FeeSched,
            Description=description,
            FeeSchedType=kind,
            ItemOrder=int(order or 0),
            IsGlobal=1,
            SecDateEntry=now.date(),
            SecDateTEdit=now,
        )
        apply(session, row, f, {"IsHidden": Flag(), "IsGlobal": Flag()})
        session.add(row)
        session.flush()
        return row.FeeSchedNum


def update_feesched(db: OfficeDatabase, num: int, f: Fields) -> None:
    if f.has("FeeSchedType"):
        raise BadRequest("FeeSchedType cannot be changed once a fee schedule is inserted.")
    with db.transaction() as session:
        row = get_or_404(session, FeeSched, num, "FeeSchedNum")
        apply(session, row, f, {"Description": Text(255), "IsHidden": Flag(), "IsGlobal": Flag()})
        if not row.Description.strip():
            raise BadRequest("Description may not be blank.")
        row.SecDateTEdit = office_now(db, session)


def create_fee(db: OfficeDatabase, f: Fields) -> int:
    amount = f.money("Amount")
    if amount is None:
        raise BadRequest('Amount is required, such as "99.99".')
    if amount < 0:
        raise BadRequest(f"Amount may not be negative, got {amount:.2f}.")
    sched_num = f.required_int("FeeSched")
    code_num = f.required_int("CodeNum")
    with db.transaction() as session:
        sched = get_or_404(session, FeeSched, sched_num, "FeeSched")
        get_or_404(session, ProcedureCode, code_num, "CodeNum")
        row = fresh(Fee, Amount=amount, FeeSched=sched_num, CodeNum=code_num)
        apply(session, row, f, {"ClinicNum": Ref(Clinic), "ProvNum": Ref(Provider)})
        if sched.IsGlobal and (row.ClinicNum or row.ProvNum):
            raise BadRequest(
                f"FeeSched {sched_num} is global: it has one fee per procedure, so ClinicNum and "
                "ProvNum must be 0."
            )
        same = select(Fee.FeeNum).where(
            Fee.FeeSched == sched_num,
            Fee.CodeNum == code_num,
            Fee.ClinicNum == row.ClinicNum,
            Fee.ProvNum == row.ProvNum,
        )
        existing = session.scalar(same)
        if existing is not None:
            raise BadRequest(
                f"FeeNum {existing} already holds this fee; change it with PUT /fees/{existing}."
            )
        now = office_now(db, session)
        row.SecDateEntry, row.SecDateTEdit = now.date(), now
        session.add(row)
        session.flush()
        return row.FeeNum


def update_fee(db: OfficeDatabase, num: int, f: Fields) -> None:
    amount = f.money("Amount")
    if amount is None:
        raise BadRequest('Amount is required, such as "79.99".')
    if amount < 0:
        raise BadRequest(f"Amount may not be negative, got {amount:.2f}.")
    with db.transaction() as session:
        row = get_or_404(session, Fee, num, "FeeNum")
        row.Amount = amount
        row.SecDateTEdit = office_now(db, session)


def delete_fee(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        session.delete(get_or_404(session, Fee, num, "FeeNum"))


# -- verifications -------------------------------------------------------------------------


def put_insverify(db: OfficeDatabase, f: Fields) -> int:
    """Open Dental keeps one verification per (VerifyType, FKey): a PUT updates it, making it
    first if there is none yet."""
    kind = f.enum("VerifyType", enums.VERIFY_TYPE)
    if kind is None:
        raise BadRequest(f"VerifyType is required: one of {enums.VERIFY_TYPE.choices()}.")
    fkey = f.required_int("FKey")
    _sent, verified = f.date("DateLastVerified")
    note = f.text("Note", max_length=65_000)
    def_num = f.number("DefNum")
    with db.transaction() as session:
        if kind == 1:
            get_or_404(session, PatPlan, fkey, "FKey (a PatPlanNum)")
        else:
            get_or_404(session, InsPlan, fkey, "FKey (a PlanNum)")
        now = office_now(db, session)
        row = session.scalar(
            select(InsVerify).where(InsVerify.VerifyType == kind, InsVerify.FKey == fkey)
        )
        if row is None:
            row = fresh(InsVerify, VerifyType=kind, FKey=fkey, DateTimeEntry=now)
            session.add(row)
        row.DateLastVerified = verified or now.date()
        if note is not None:
            row.Note = note
        if def_num is not None:
            row.DefNum = (
                Defs.load(session).require(def_num, INS_VERIFY_STATUS, "DefNum") if def_num else 0
            )
        row.SecDateTEdit = now
        session.flush()
        return row.InsVerifyNum
