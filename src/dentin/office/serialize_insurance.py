"""Insurance rows → Open Dental's JSON, field for field and in its order (issue 15).

The quirks are Open Dental's own, kept because clients parse them: a claim's ``IsOrtho`` is
"True"/"False" while every other flag is "true"/"false"; ``ClaimForm`` is a string of digits;
``CheckAmt`` is spelled like .NET's ``double.ToString()`` ("300", "1500.99"); a fee's ``Amount``
is a number when read but a string ("99.99") in the answer to its POST and PUT.
"""

from __future__ import annotations

from typing import Any

from dentin.office import enums
from dentin.office.serialize import Lookups, Row, double_text, money_text
from dentin.wire import od_date as date_text
from dentin.wire import od_datetime as datetime_text

od_bool = enums.od_bool

# insplan.PlanType as stored (Open Dental keeps "" for Percentage) and as a list filter names it.
PLAN_TYPES = ("", "p", "f", "c")
CLAIM_STATUSES = ("U", "H", "W", "S", "R", "I")
CLAIM_TYPES = ("P", "S", "PreAuth", "Other", "Cap")


def procedurecode(c: Any, look: Lookups) -> Row:
    return {
        "CodeNum": c.CodeNum,
        "ProcCode": c.ProcCode,
        "Descript": c.Descript,
        "AbbrDesc": c.AbbrDesc,
        "ProcTime": c.ProcTime,
        "ProcCat": c.ProcCat,
        "procCat": look.defs.name(c.ProcCat),
        "TreatArea": enums.TREAT_AREA.text(c.TreatArea),
        "NoBillIns": od_bool(c.NoBillIns),
        "IsProsth": od_bool(c.IsProsth),
        "DefaultNote": c.DefaultNote,
        "IsHygiene": od_bool(c.IsHygiene),
        "AlternateCode1": c.AlternateCode1,
        "MedicalCode": c.MedicalCode,
        "IsTaxed": od_bool(c.IsTaxed),
        "PaintType": enums.PAINT_TYPE.text(c.PaintType),
        "LaymanTerm": c.LaymanTerm,
        "IsCanadianLab": od_bool(c.IsCanadianLab),
        "BaseUnits": c.BaseUnits,
        "SubstitutionCode": c.SubstitutionCode,
        "SubstOnlyIf": enums.SUBST_ONLY_IF.text(c.SubstOnlyIf),
        "DateTStamp": datetime_text(c.DateTStamp),
        "DrugNDC": c.DrugNDC,
        "RevenueCodeDefault": c.RevenueCodeDefault,
        "ProvNumDefault": c.ProvNumDefault,
        "CanadaTimeUnits": float(c.CanadaTimeUnits),
        "IsRadiology": od_bool(c.IsRadiology),
        "DefaultClaimNote": c.DefaultClaimNote,
        "DefaultTPNote": c.DefaultTPNote,
        "PaintText": c.PaintText,
        "AreaAlsoToothRange": od_bool(c.AreaAlsoToothRange),
        "DiagnosticCodes": c.DiagnosticCodes,
    }


def carrier(c: Any) -> Row:
    return {
        "CarrierNum": c.CarrierNum,
        "CarrierName": c.CarrierName,
        "Address": c.Address,
        "Address2": c.Address2,
        "City": c.City,
        "State": c.State,
        "Zip": c.Zip,
        "Phone": c.Phone,
        "ElectID": c.ElectID,
        "NoSendElect": enums.NO_SEND_ELECT.text(c.NoSendElect),
        "IsHidden": od_bool(c.IsHidden),
    }


def employer(e: Any) -> Row:
    return {"EmployerNum": e.EmployerNum, "EmpName": e.EmpName}


def insplan(p: Any) -> Row:
    return {
        "PlanNum": p.PlanNum,
        "GroupName": p.GroupName,
        "GroupNum": p.GroupNum,
        "PlanNote": p.PlanNote,
        "FeeSched": p.FeeSched,
        "PlanType": p.PlanType,
        "ClaimFormNum": p.ClaimFormNum,
        "ClaimsUseUCR": od_bool(p.ClaimsUseUCR),
        "CopayFeeSched": p.CopayFeeSched,
        "EmployerNum": p.EmployerNum,
        "CarrierNum": p.CarrierNum,
        "IsMedical": od_bool(p.IsMedical),
        "FilingCode": p.FilingCode,
        "ShowBaseUnits": od_bool(p.ShowBaseUnits),
        "CodeSubstNone": od_bool(p.CodeSubstNone),
        "IsHidden": od_bool(p.IsHidden),
        "MonthRenew": p.MonthRenew,
        "FilingCodeSubtype": p.FilingCodeSubtype,
        "CobRule": enums.COB_RULE.text(p.CobRule),
        "SecUserNumEntry": p.SecUserNumEntry,
        "SecDateEntry": date_text(p.SecDateEntry),
        "SecDateTEdit": datetime_text(p.SecDateTEdit),
        "BillingType": p.BillingType,
        "ExclusionFeeRule": enums.EXCLUSION_FEE_RULE.text(p.ExclusionFeeRule),
        "ManualFeeSchedNum": p.ManualFeeSchedNum,
        "IsBlueBookEnabled": od_bool(p.IsBlueBookEnabled),
        "InsPlansZeroWriteOffsOnAnnualMaxOverride": enums.YN_DEFAULT.text(
            p.InsPlansZeroWriteOffsOnAnnualMaxOverride
        ),
        "InsPlansZeroWriteOffsOnFreqOrAgingOverride": enums.YN_DEFAULT.text(
            p.InsPlansZeroWriteOffsOnFreqOrAgingOverride
        ),
    }


def inssub(s: Any) -> Row:
    return {
        "InsSubNum": s.InsSubNum,
        "PlanNum": s.PlanNum,
        "Subscriber": s.Subscriber,
        "DateEffective": date_text(s.DateEffective),
        "DateTerm": date_text(s.DateTerm),
        "SubscriberID": s.SubscriberID,
        "BenefitNotes": s.BenefitNotes,
        "ReleaseInfo": od_bool(s.ReleaseInfo),
        "AssignBen": od_bool(s.AssignBen),
        "SubscNote": s.SubscNote,
        "SecDateTEdit": datetime_text(s.SecDateTEdit),
    }


def patplan(p: Any) -> Row:
    return {
        "PatPlanNum": p.PatPlanNum,
        "PatNum": p.PatNum,
        "Ordinal": p.Ordinal,
        "IsPending": od_bool(p.IsPending),
        "Relationship": enums.RELATIONSHIP.text(p.Relationship),
        "PatID": p.PatID,
        "InsSubNum": p.InsSubNum,
        "OrthoAutoFeeBilledOverride": float(p.OrthoAutoFeeBilledOverride),
        "OrthoAutoNextClaimDate": date_text(p.OrthoAutoNextClaimDate),
        "SecDateTEntry": datetime_text(p.SecDateTEntry),
        "SecDateTEdit": datetime_text(p.SecDateTEdit),
    }


def benefit(b: Any, codes: dict[int, str]) -> Row:
    return {
        "BenefitNum": b.BenefitNum,
        "PlanNum": b.PlanNum,
        "PatPlanNum": b.PatPlanNum,
        "CovCatNum": b.CovCatNum,
        "BenefitType": enums.BENEFIT_TYPE.text(b.BenefitType),
        "Percent": b.Percent,
        "MonetaryAmt": float(b.MonetaryAmt),
        "TimePeriod": enums.TIME_PERIOD.text(b.TimePeriod),
        "QuantityQualifier": enums.QUANTITY_QUALIFIER.text(b.QuantityQualifier),
        "Quantity": b.Quantity,
        "CodeNum": b.CodeNum,
        "procCode": codes.get(b.CodeNum, "") if b.CodeNum else "",
        "CoverageLevel": enums.COVERAGE_LEVEL.text(b.CoverageLevel),
        "SecDateTEntry": datetime_text(b.SecDateTEntry),
        "SecDateTEdit": datetime_text(b.SecDateTEdit),
        "CodeGroupNum": b.CodeGroupNum,
        "TreatArea": enums.TREAT_AREA.text(b.TreatArea),
    }


def covcat(c: Any) -> Row:
    return {
        "CovCatNum": c.CovCatNum,
        "Description": c.Description,
        "DefaultPercent": c.DefaultPercent,
        "CovOrder": c.CovOrder,
        "IsHidden": od_bool(c.IsHidden),
        "EbenefitCat": enums.EBENEFIT_CAT.text(c.EbenefitCat),
    }


def feesched(f: Any) -> Row:
    return {
        "FeeSchedNum": f.FeeSchedNum,
        "Description": f.Description,
        "FeeSchedType": enums.FEE_SCHED_TYPE.text(f.FeeSchedType),
        "ItemOrder": f.ItemOrder,
        "IsHidden": od_bool(f.IsHidden),
        "IsGlobal": od_bool(f.IsGlobal),
        "SecUserNumEntry": f.SecUserNumEntry,
        "SecDateEntry": date_text(f.SecDateEntry),
        "SecDateTEdit": datetime_text(f.SecDateTEdit),
    }


def fee(f: Any, *, written: bool = False) -> Row:
    """``written``: the answer to a POST or PUT, whose ``Amount`` Open Dental sends as text."""
    return {
        "FeeNum": f.FeeNum,
        "Amount": money_text(f.Amount) if written else float(f.Amount),
        "FeeSched": f.FeeSched,
        "CodeNum": f.CodeNum,
        "ClinicNum": f.ClinicNum,
        "ProvNum": f.ProvNum,
        "SecUserNumEntry": f.SecUserNumEntry,
        "SecDateEntry": date_text(f.SecDateEntry),
        "SecDateTEdit": datetime_text(f.SecDateTEdit),
    }


def claim(c: Any, look: Lookups) -> Row:
    return {
        "ClaimNum": c.ClaimNum,
        "PatNum": c.PatNum,
        "DateService": date_text(c.DateService),
        "DateSent": date_text(c.DateSent),
        "ClaimStatus": c.ClaimStatus,
        "DateReceived": date_text(c.DateReceived),
        "PlanNum": c.PlanNum,
        "ProvTreat": c.ProvTreat,
        "ClaimFee": float(c.ClaimFee),
        "InsPayEst": float(c.InsPayEst),
        "InsPayAmt": float(c.InsPayAmt),
        "DedApplied": float(c.DedApplied),
        "IsProsthesis": c.IsProsthesis,
        "PriorDate": date_text(c.PriorDate),
        "ReasonUnderPaid": c.ReasonUnderPaid,
        "ClaimNote": c.ClaimNote,
        "ClaimType": c.ClaimType,
        "ProvBill": c.ProvBill,
        "PlaceService": enums.PLACE_SERVICE.text(c.PlaceService),
        "AccidentRelated": c.AccidentRelated,
        "AccidentDate": date_text(c.AccidentDate),
        "AccidentST": c.AccidentST,
        "IsOrtho": "True" if c.IsOrtho else "False",
        "OrthoRemainM": c.OrthoRemainM,
        "OrthoDate": date_text(c.OrthoDate),
        "PatRelat": enums.RELATIONSHIP.text(c.PatRelat),
        "PlanNum2": c.PlanNum2,
        "PatRelat2": enums.RELATIONSHIP.text(c.PatRelat2),
        "WriteOff": float(c.WriteOff),
        "ClaimForm": str(c.ClaimForm),
        "InsSubNum": c.InsSubNum,
        "InsSubNum2": c.InsSubNum2,
        "PriorAuthorizationNumber": c.PriorAuthorizationNumber,
        "CustomTracking": c.CustomTracking,
        "customTracking": look.defs.name(c.CustomTracking),
        "OrthoTotalM": c.OrthoTotalM,
        "SecDateTEdit": datetime_text(c.SecDateTEdit),
    }


def claimproc(c: Any, look: Lookups) -> Row:
    return {
        "ClaimProcNum": c.ClaimProcNum,
        "ProcNum": c.ProcNum,
        "ClaimNum": c.ClaimNum,
        "PatNum": c.PatNum,
        "ProvNum": c.ProvNum,
        "FeeBilled": float(c.FeeBilled),
        "InsPayEst": float(c.InsPayEst),
        "DedApplied": float(c.DedApplied),
        "Status": enums.CLAIMPROC_STATUS.text(c.Status),
        "InsPayAmt": float(c.InsPayAmt),
        "Remarks": c.Remarks,
        "ClaimPaymentNum": c.ClaimPaymentNum,
        "PlanNum": c.PlanNum,
        "DateCP": date_text(c.DateCP),
        "WriteOff": float(c.WriteOff),
        "CodeSent": c.CodeSent,
        "AllowedOverride": float(c.AllowedOverride),
        "Percentage": c.Percentage,
        "PercentOverride": c.PercentOverride,
        "CopayAmt": float(c.CopayAmt),
        "NoBillIns": od_bool(c.NoBillIns),
        "PaidOtherIns": float(c.PaidOtherIns),
        "BaseEst": float(c.BaseEst),
        "CopayOverride": float(c.CopayOverride),
        "ProcDate": date_text(c.ProcDate),
        "DateEntry": date_text(c.DateEntry),
        "DedEst": float(c.DedEst),
        "DedEstOverride": float(c.DedEstOverride),
        "InsEstTotal": float(c.InsEstTotal),
        "InsEstTotalOverride": float(c.InsEstTotalOverride),
        "PaidOtherInsOverride": float(c.PaidOtherInsOverride),
        "EstimateNote": c.EstimateNote,
        "WriteOffEst": float(c.WriteOffEst),
        "WriteOffEstOverride": float(c.WriteOffEstOverride),
        "ClinicNum": c.ClinicNum,
        "InsSubNum": c.InsSubNum,
        "PaymentRow": c.PaymentRow,
        "PayPlanNum": c.PayPlanNum,
        "ClaimPaymentTracking": c.ClaimPaymentTracking,
        "claimPaymentTracking": look.defs.name(c.ClaimPaymentTracking),
        "SecUserNumEntry": c.SecUserNumEntry,
        "SecDateEntry": date_text(c.SecDateEntry),
        "SecDateTEdit": datetime_text(c.SecDateTEdit),
        "DateSuppReceived": date_text(c.DateSuppReceived),
        "DateInsFinalized": date_text(c.DateInsFinalized),
        "IsTransfer": od_bool(c.IsTransfer),
        "ClaimAdjReasonCodes": c.ClaimAdjReasonCodes,
    }


def claimpayment(p: Any, look: Lookups) -> Row:
    return {
        "ClaimPaymentNum": p.ClaimPaymentNum,
        "CheckDate": date_text(p.CheckDate),
        "CheckAmt": double_text(p.CheckAmt),
        "CheckNum": p.CheckNum,
        "BankBranch": p.BankBranch,
        "Note": p.Note,
        "ClinicNum": p.ClinicNum,
        "DepositNum": p.DepositNum,
        "CarrierName": p.CarrierName,
        "DateIssued": date_text(p.DateIssued),
        "IsPartial": od_bool(p.IsPartial),
        "PayType": p.PayType,
        "payType": look.defs.name(p.PayType),
        "SecUserNumEntry": p.SecUserNumEntry,
        "SecDateEntry": date_text(p.SecDateEntry),
        "SecDateTEdit": datetime_text(p.SecDateTEdit),
        "PayGroup": p.PayGroup,
        "payGroup": look.defs.name(p.PayGroup),
    }


def insverify(v: Any) -> Row:
    return {
        "InsVerifyNum": v.InsVerifyNum,
        "DateLastVerified": date_text(v.DateLastVerified),
        "UserNum": v.UserNum,
        "VerifyType": enums.VERIFY_TYPE.text(v.VerifyType),
        "FKey": v.FKey,
        "DefNum": v.DefNum,
        "Note": v.Note,
        "DateLastAssigned": date_text(v.DateLastAssigned),
        "SecDateTEdit": datetime_text(v.SecDateTEdit),
    }
