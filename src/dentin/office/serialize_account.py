"""Account resources → Open Dental's JSON, field for field, in its pages' field order.

Adjustments, paysplits, payment plans and their charges, statements, treatment plans, their
saved copies (proctps) and attachments. Amounts are JSON numbers here (Open Dental's pages
show ``AdjAmt: -25.0``, ``Principal: 25.0``), booleans the strings ``"true"``/``"false"``.
"""

from __future__ import annotations

from typing import Any

from dentin.office import enums
from dentin.office.serialize import Lookups, Record
from dentin.wire import od_date, od_datetime

Row = dict[str, Any]


def adjustment(a: Record | Any, look: Lookups) -> Row:
    return {
        "AdjNum": a.AdjNum,
        "AdjDate": od_date(a.AdjDate),
        "AdjAmt": a.AdjAmt,
        "PatNum": a.PatNum,
        "AdjType": a.AdjType,
        "adjType": look.defs.name(a.AdjType),
        "ProvNum": a.ProvNum,
        "AdjNote": a.AdjNote,
        "ProcDate": od_date(a.ProcDate),
        "ProcNum": a.ProcNum,
        "DateEntry": od_date(a.DateEntry),
        "ClinicNum": a.ClinicNum,
        "SecUserNumEntry": 0,
        "SecDateTEdit": od_datetime(a.SecDateTEdit),
    }


def paysplit(s: Record | Any, look: Lookups) -> Row:
    debit = 0
    if s.PayPlanChargeNum:
        debit = 1  # dentin's plan charges are principal; interest is never split apart
    return {
        "SplitNum": s.SplitNum,
        "SplitAmt": s.SplitAmt,
        "PatNum": s.PatNum,
        "PayNum": s.PayNum,
        "ProvNum": s.ProvNum,
        "PayPlanNum": s.PayPlanNum,
        "DatePay": od_date(s.DatePay),
        "ProcNum": s.ProcNum,
        "DateEntry": od_date(s.DateEntry),
        "UnearnedType": s.UnearnedType,
        "unearnedType": look.defs.name(s.UnearnedType),
        "ClinicNum": s.ClinicNum,
        # Open Dental's page shows this column as a date (its examples print "2023-01-27").
        "SecDateTEdit": od_date(s.SecDateTEdit.date() if s.SecDateTEdit else None),
        "AdjNum": s.AdjNum,
        "PayPlanChargeNum": s.PayPlanChargeNum,
        "PayPlanDebitType": enums.PAY_PLAN_DEBIT_TYPE.text(debit),
    }


def payplan(p: Record | Any, look: Lookups, principal: float) -> Row:
    return {
        "PayPlanNum": p.PayPlanNum,
        "PatNum": p.PatNum,
        "Guarantor": p.Guarantor,
        "PayPlanDate": od_date(p.PayPlanDate),
        "APR": p.APR,
        "Note": p.Note,
        "PlanNum": p.PlanNum,
        "CompletedAmt": p.CompletedAmt,
        "InsSubNum": p.InsSubNum,
        "PaySchedule": enums.PAY_SCHEDULE.text(p.PaySchedule),
        "NumberOfPayments": p.NumberOfPayments,
        "PayAmt": p.PayAmt,
        "DownPayment": p.DownPayment,
        "IsClosed": enums.od_bool(p.IsClosed),
        "PlanCategory": p.PlanCategory,
        "planCategory": look.defs.name(p.PlanCategory),
        "IsDynamic": enums.od_bool(p.IsDynamic),
        "ChargeFrequency": enums.CHARGE_FREQUENCY.text(p.ChargeFrequency),
        "DatePayPlanStart": od_date(p.DatePayPlanStart),
        "IsLocked": enums.od_bool(p.IsLocked),
        "DateInterestStart": od_date(p.DateInterestStart),
        "DynamicPayPlanTPOption": enums.DYNAMIC_TP_OPTION.text(p.DynamicPayPlanTPOption),
        "principalAmount": principal,
        "SheetDefNum": p.SheetDefNum,
    }


def payplancharge(c: Record | Any) -> Row:
    return {
        "PayPlanChargeNum": c.PayPlanChargeNum,
        "PayPlanNum": c.PayPlanNum,
        "Guarantor": c.Guarantor,
        "PatNum": c.PatNum,
        "ChargeDate": od_date(c.ChargeDate),
        "Principal": c.Principal,
        "Interest": c.Interest,
        "Note": c.Note,
        "ProvNum": c.ProvNum,
        "ClinicNum": c.ClinicNum,
        "ChargeType": enums.CHARGE_TYPE.text(c.ChargeType),
        "ProcNum": c.ProcNum,
        "SecDateTEntry": od_datetime(c.SecDateTEntry),
        "SecDateTEdit": od_datetime(c.SecDateTEdit),
        "StatementNum": c.StatementNum,
        "FKey": c.FKey,
        "LinkType": enums.PAY_PLAN_LINK_TYPE.text(c.LinkType),
        "IsOffset": enums.od_bool(c.IsOffset),
    }


def statement(s: Record | Any) -> Row:
    return {
        "StatementNum": s.StatementNum,
        "PatNum": s.PatNum,
        "DateSent": od_date(s.DateSent),
        "DateRangeFrom": od_date(s.DateRangeFrom),
        "DateRangeTo": od_date(s.DateRangeTo),
        "Note": s.Note,
        "NoteBold": s.NoteBold,
        "Mode_": enums.STATEMENT_MODE.text(s.Mode_),
        "HidePayment": enums.od_bool(s.HidePayment),
        "SinglePatient": enums.od_bool(s.SinglePatient),
        "Intermingled": enums.od_bool(s.Intermingled),
        "IsSent": enums.od_bool(s.IsSent),
        "DocNum": s.DocNum,
        "DateTStamp": od_datetime(s.DateTStamp),
        "IsReceipt": enums.od_bool(s.IsReceipt),
        "IsInvoice": enums.od_bool(s.IsInvoice),
        "IsInvoiceCopy": enums.od_bool(s.IsInvoiceCopy),
        "SuperFamily": s.SuperFamily,
        "IsBalValid": enums.od_bool(s.IsBalValid),
        "InsEst": s.InsEst,
        "BalTotal": s.BalTotal,
        "StatementType": s.StatementType or "NotSet",
    }


def treatplan(t: Record | Any) -> Row:
    return {
        "TreatPlanNum": t.TreatPlanNum,
        "PatNum": t.PatNum,
        "DateTP": od_date(t.DateTP),
        "Heading": t.Heading,
        "Note": t.Note,
        "SigIsTopaz": enums.od_bool(t.SigIsTopaz),
        "ResponsParty": t.ResponsParty,
        "DocNum": t.DocNum,
        "TPStatus": enums.TP_STATUS.text(t.TPStatus),
        "SecUserNumEntry": t.SecUserNumEntry,
        "SecDateEntry": od_date(t.SecDateEntry),
        "SecDateTEdit": od_datetime(t.SecDateTEdit),
        "UserNumPresenter": t.UserNumPresenter,
        "TPType": enums.TP_TYPE.text(t.TPType),
        "DateTSigned": od_datetime(t.DateTSigned),
        "DateTPracticeSigned": od_datetime(t.DateTPracticeSigned),
        "SignatureText": t.SignatureText,
        "SignaturePracticeText": t.SignaturePracticeText,
        "isSigned": enums.od_bool(bool(t.Signature)),
        "isSignedPractice": enums.od_bool(bool(t.SignaturePractice)),
    }


def proctp(p: Record | Any, look: Lookups) -> Row:
    return {
        "ProcTPNum": p.ProcTPNum,
        "TreatPlanNum": p.TreatPlanNum,
        "PatNum": p.PatNum,
        "ProcNumOrig": p.ProcNumOrig,
        "ItemOrder": p.ItemOrder,
        "Priority": p.Priority,
        "priority": look.defs.name(p.Priority),
        "ToothNumTP": p.ToothNumTP,
        "Surf": p.Surf,
        "ProcCode": p.ProcCode,
        "Descript": p.Descript,
        "FeeAmt": p.FeeAmt,
        "PriInsAmt": p.PriInsAmt,
        "SecInsAmt": p.SecInsAmt,
        "PatAmt": p.PatAmt,
        "Discount": p.Discount,
        "Prognosis": p.Prognosis,
        "Dx": p.Dx,
        "ProcAbbr": p.ProcAbbr,
        "SecUserNumEntry": p.SecUserNumEntry,
        "SecDateEntry": od_date(p.SecDateEntry),
        "SecDateTEdit": od_datetime(p.SecDateTEdit),
        "FeeAllowed": p.FeeAllowed,
        "TaxAmt": p.TaxAmt,
        "ProvNum": p.ProvNum,
        "DateTP": od_date(p.DateTP),
        "ClinicNum": p.ClinicNum,
        "CatPercUCR": p.CatPercUCR,
    }


def treatplanattach(a: Record | Any, look: Lookups) -> Row:
    return {
        "TreatPlanAttachNum": a.TreatPlanAttachNum,
        "TreatPlanNum": a.TreatPlanNum,
        "ProcNum": a.ProcNum,
        "Priority": a.Priority,
        "priority": look.defs.name(a.Priority),
    }


def websched_appointment(a: Record | Any, look: Lookups, log_type: str, server: str) -> Row:
    """Appointments GET WebSched's row: a shorter appointment, ``IsHygiene`` as C#'s
    ``True``/``False`` (as that page prints it), and where the booking came from."""
    return {
        "AptNum": a.AptNum,
        "PatNum": a.PatNum,
        "AptStatus": enums.APT_STATUS.text(a.AptStatus),
        "Pattern": a.Pattern,
        "Confirmed": a.Confirmed,
        "confirmed": look.defs.name(a.Confirmed),
        "Op": a.Op,
        "Note": a.Note,
        "ProvNum": a.ProvNum,
        "provAbbr": look.prov(a.ProvNum),
        "ProvHyg": a.ProvHyg,
        "AptDateTime": od_datetime(a.AptDateTime),
        "NextAptNum": a.NextAptNum,
        "UnschedStatus": a.UnschedStatus,
        "unschedStatus": look.defs.name(a.UnschedStatus),
        "ProcDescript": a.ProcDescript,
        "ClinicNum": a.ClinicNum,
        "IsHygiene": "True" if a.IsHygiene else "False",
        "DateTStamp": od_datetime(a.DateTStamp),
        "DateTimeArrived": od_datetime(a.DateTimeArrived),
        "DateTimeSeated": od_datetime(a.DateTimeSeated),
        "DateTimeDismissed": od_datetime(a.DateTimeDismissed),
        "AppointmentTypeNum": a.AppointmentTypeNum,
        "eServiceLogType": log_type,
        "serverDateTime": server,
    }


# Open Dental's DefCat names (definition.Category), as Definitions GET spells ``category``.
DEF_CATEGORIES = (
    "AccountColors", "AdjTypes", "ApptConfirmed", "ApptProcsQuickAdd", "BillingTypes",
    "ClaimFormats", "DunningMessages", "FeeSchedNamesOld", "MedicalNotes", "OperatoriesOld",
    "PaymentTypes", "ProcCodeCats", "ProgNoteColors", "RecallUnschedStatus", "ServiceNotes",
    "DiscountTypes", "Diagnosis", "AppointmentColors", "ImageCats", "ApptPhoneNotes",
    "TxPriorities", "MiscColors", "ChartGraphicColors", "ContactCategories", "LetterMergeCats",
    "BlockoutTypes", "ProcButtonCats", "CommLogTypes", "SupplyCats", "PaySplitUnearnedType",
    "Prognosis", "ClaimCustomTracking", "InsurancePaymentType", "TaskPriorities", "FeeColors",
    "ProviderSpecialties", "ClaimPaymentTracking", "AccountQuickCharge",
    "InsuranceVerificationStatus", "Regions", "ClaimPaymentGroups", "AutoNoteCats",
    "WebSchedNewPatApptTypes",
)  # fmt: skip
DEF_CATEGORY_NAMES = dict(enumerate(DEF_CATEGORIES)) | {51: "WebSchedExistingApptTypes"}
REQUIRED_PROC_CODES = ("None", "AtLeastOne", "All")


def definition(d: Record | Any) -> Row:
    return {
        "DefNum": d.DefNum,
        "ItemName": d.ItemName,
        "ItemValue": d.ItemValue,
        "Category": d.Category,
        "category": DEF_CATEGORY_NAMES.get(d.Category, str(d.Category)),
        "isHidden": enums.od_bool(d.IsHidden),
    }


def appointmenttype(t: Record | Any) -> Row:
    color = t.AppointmentTypeColor
    needed = t.RequiredProcCodesNeeded
    return {
        "AppointmentTypeNum": t.AppointmentTypeNum,
        "AppointmentTypeName": t.AppointmentTypeName,
        "appointmentTypeColor": f"{(color >> 16) & 255},{(color >> 8) & 255},{color & 255}",
        "IsHidden": enums.od_bool(t.IsHidden),
        "Pattern": t.Pattern,
        "CodeStr": t.CodeStr,
        "CodeStrRequired": t.CodeStrRequired,
        "RequiredProcCodesNeeded": (
            REQUIRED_PROC_CODES[needed] if 0 <= needed < len(REQUIRED_PROC_CODES) else str(needed)
        ),
        "BlockoutTypes": t.BlockoutTypes,
    }


def usergroup(g: Record | Any) -> Row:
    return {
        "UserGroupNum": g.UserGroupNum,
        "Description": g.Description,
        "UserGroupNumCEMT": g.UserGroupNumCEMT,
    }


def scheduleop(o: Record | Any) -> Row:
    return {
        "ScheduleOpNum": o.ScheduleOpNum,
        "ScheduleNum": o.ScheduleNum,
        "OperatoryNum": o.OperatoryNum,
    }


def tasklist(t: Record | Any) -> Row:
    return {
        "TaskListNum": t.TaskListNum,
        "Descript": t.Descript,
        "Parent": t.Parent,
        "DateTL": od_date(t.DateTL),
        "IsRepeating": enums.od_bool(t.IsRepeating),
        "DateType": enums.TASK_DATE_TYPE.text(t.DateType),
        "FromNum": t.FromNum,
        "ObjectType": enums.TASK_OBJECT_TYPE.text(t.ObjectType),
        "DateTimeEntry": od_datetime(t.DateTimeEntry),
        "TaskListStatus": enums.TASK_LIST_STATUS.text(t.TaskListStatus),
    }


def task(t: Record | Any) -> Row:
    return {
        "TaskNum": t.TaskNum,
        "TaskListNum": t.TaskListNum,
        "DateTask": od_date(t.DateTask),
        "KeyNum": t.KeyNum,
        "Descript": t.Descript,
        "TaskStatus": enums.TASK_STATUS.text(t.TaskStatus),
        "IsRepeating": enums.od_bool(t.IsRepeating),
        "DateType": enums.TASK_DATE_TYPE.text(t.DateType),
        "FromNum": t.FromNum,
        "ObjectType": enums.TASK_OBJECT_TYPE.text(t.ObjectType),
        "DateTimeEntry": od_datetime(t.DateTimeEntry),
        "UserNum": t.UserNum,
        "DateTimeFinished": od_datetime(t.DateTimeFinished),
        "PriorityDefNum": t.PriorityDefNum,
        "ReminderGroupId": t.ReminderGroupId,
        "ReminderType": enums.TASK_REMINDER_TYPE.text(t.ReminderType),
        "ReminderFrequency": t.ReminderFrequency,
        "DateTimeOriginal": od_datetime(t.DateTimeOriginal),
        "SecDateTEdit": od_datetime(t.SecDateTEdit),
        "DescriptOverride": t.DescriptOverride,
        "IsReadOnly": enums.od_bool(t.IsReadOnly),
    }


# Open Dental's SheetTypeEnum, as Sheets GET spells ``SheetType``.
SHEET_TYPES = (
    "LabelPatient", "LabelCarrier", "LabelReferral", "ReferralSlip", "LabelAppointment", "Rx",
    "Consent", "PatientLetter", "ReferralLetter", "PatientForm", "RoutingSlip", "MedicalHistory",
    "LabSlip", "ExamSheet", "DepositSlip", "Statement", "MedLabResults", "TreatmentPlan",
    "Screening", "PaymentPlan", "RxMulti",
)  # fmt: skip


def sheet(s: Record | Any) -> Row:
    kind = SHEET_TYPES[s.SheetType] if 0 <= s.SheetType < len(SHEET_TYPES) else str(s.SheetType)
    return {
        "SheetNum": s.SheetNum,
        "SheetType": kind,
        "PatNum": s.PatNum,
        "DateTimeSheet": od_datetime(s.DateTimeSheet),
        "InternalNote": s.InternalNote,
        "Description": s.Description,
        "IsWebForm": enums.od_bool(s.IsWebForm),
        "SheetDefNum": s.SheetDefNum,
        "DocNum": s.DocNum,
        "ClinicNum": s.ClinicNum,
        "DateTSheetEdited": od_datetime(s.DateTSheetEdited),
    }
