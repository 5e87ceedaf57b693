"""Open Dental's enumerations: stored as its integers, spoken on the wire as its text.

Queries written for Open Dental (``WHERE PatStatus=0``) need the integers in the database;
API clients need the words (``"Patient"``). Each map knows both and refuses unknown words
with the list of accepted ones, so a typo is a 400 that says how to fix it.
"""

from __future__ import annotations

from dentin.errors import BadRequest


class _Texts(dict[int, str]):
    """A value's word; a value without one (a newer Open Dental's) as its number."""

    def __missing__(self, value: int) -> str:
        return str(value)


class OdEnum:
    """One enumeration's table, used both to write a field and to read it back.

    ``values`` are the words Open Dental's API shows, with its integers; ``aliases`` are other
    spellings its documentation tells clients to send for the same value (Mode_'s
    ``"In Person"`` for ``InPerson``), accepted but never shown.
    """

    def __init__(
        self,
        name: str,
        values: dict[str, int],
        *,
        hidden: tuple[str, ...] = (),
        aliases: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self._to_int = {k.lower(): v for k, v in values.items()}
        for alias, word in (aliases or {}).items():
            self._to_int[alias.lower()] = values[word]
        self._to_text = {v: k for k, v in values.items()}
        # ``texts[value]``: ``text`` as one dict lookup, for loops over many rows.
        self.texts: dict[int, str] = _Texts(self._to_text)
        # Values that exist in the database but that a client may not send (e.g. "Deleted").
        self._accepted = [k for k in values if k not in hidden]
        self._hidden = {h.lower() for h in hidden}
        self.words: tuple[str, ...] = tuple(values)

    def text(self, value: int) -> str:
        return self._to_text.get(value, str(value))

    def parse(self, raw: object, field: str) -> int:
        if not isinstance(raw, str):
            raise BadRequest(f"{field} must be one of {self.choices()} as a string.")
        value = self._to_int.get(raw.strip().lower())
        if value is None or raw.strip().lower() in self._hidden:
            raise BadRequest(f"{field} must be one of {self.choices()}, got {raw!r}.")
        return value

    def choices(self) -> str:
        return ", ".join(f'"{k}"' for k in self._accepted)

    def accepted(self) -> list[str]:
        """The words a client may send, for the OpenAPI ``enum`` of a parameter or field."""
        return list(self._accepted)


PAT_STATUS = OdEnum(
    "PatStatus",
    {
        "Patient": 0,
        "NonPatient": 1,
        "Inactive": 2,
        "Archived": 3,
        "Deleted": 4,
        "Deceased": 5,
        "Prospective": 6,
    },
    hidden=("Deleted",),
)
GENDER = OdEnum("Gender", {"Male": 0, "Female": 1, "Unknown": 2, "Other": 3})
POSITION = OdEnum("Position", {"Single": 0, "Married": 1, "Child": 2, "Widowed": 3, "Divorced": 4})
CONTACT_METHOD = OdEnum(
    "ContactMethod",
    {
        "None": 0,
        "DoNotCall": 1,
        "HmPhone": 2,
        "WkPhone": 3,
        "WirelessPh": 4,
        "Email": 5,
        "SeeNotes": 6,
        "Mail": 7,
        "TextMessage": 8,
    },
)
YES_NO_UNKNOWN = OdEnum("YN", {"Unknown": 0, "Yes": 1, "No": 2})
APT_STATUS = OdEnum(
    "AptStatus",
    {
        "None": 0,
        "Scheduled": 1,
        "Complete": 2,
        "UnschedList": 3,
        "ASAP": 4,
        "Broken": 5,
        "Planned": 6,
        "PtNote": 7,
        "PtNoteCompleted": 8,
    },
    hidden=("None",),
)
APT_PRIORITY = OdEnum("Priority", {"Normal": 0, "ASAP": 1})
PROC_STATUS = OdEnum(
    "ProcStatus",
    {"TP": 1, "C": 2, "EC": 3, "EO": 4, "R": 5, "D": 6, "Cn": 7, "TPi": 8},
)
# CommItemMode; apicommlogs.html's POST lists the [Description] spellings ("In Person").
COMM_MODE = OdEnum(
    "Mode_",
    {
        "None": 0,
        "Email": 1,
        "Mail": 2,
        "Phone": 3,
        "InPerson": 4,
        "Text": 5,
        "EmailAndText": 6,
        "PhoneAndText": 7,
        "Fax": 8,
    },
    aliases={
        "In Person": "InPerson",
        "Email and Text": "EmailAndText",
        "Phone and Text": "PhoneAndText",
    },
)
# CommItemSource: where a commlog entry came from (the API's own entries are "User").
COMM_SOURCE = OdEnum(
    "CommSource",
    {
        "User": 0,
        "WebSched": 1,
        "ProgramLink": 2,
        "ApptReminder": 3,
        "EServices": 4,
        "SupplementalBackup": 5,
        "ApptThankYou": 6,
        "FHIR": 7,
    },
)
SENT_OR_RECEIVED = OdEnum("SentOrReceived", {"Neither": 0, "Sent": 1, "Received": 2})
PROV_STATUS = OdEnum("ProvStatus", {"Active": 0, "Deleted": 1})
PROCESS_STATUS = OdEnum(
    "ProcessStatus", {"OfficeProcessed": 0, "OnlinePending": 1, "OnlineProcessed": 2}
)
# CreditCardSource; a payment taken through the API is "API" (apipayments.html's POST).
PAYMENT_SOURCE = OdEnum(
    "PaymentSource",
    {
        "None": 0,
        "XServer": 1,
        "XWeb": 2,
        "PayConnect": 3,
        "XServerPayConnect": 4,
        "XWebPortalLogin": 5,
        "PaySimple": 6,
        "PaySimpleACH": 7,
        "PayConnectPortal": 8,
        "PayConnectPortalLogin": 9,
        "CareCredit": 10,
        "EdgeExpressRCM": 11,
        "EdgeExpressCNP": 12,
        "API": 13,
    },
)
PAYMENT_SOURCE_API = 13
# PlaceOfService: 0-14 as in Open Dental's enum, 15-17 in the order apiprocedurelogs.html lists
# them after it (added with the telehealth codes).
PLACE_SERVICE = OdEnum(
    "PlaceService",
    {
        "Office": 0,
        "PatientsHome": 1,
        "InpatHospital": 2,
        "OutpatHospital": 3,
        "SkilledNursFac": 4,
        "CustodialCareFacility": 5,
        "OtherLocation": 6,
        "MobileUnit": 7,
        "School": 8,
        "MilitaryTreatFac": 9,
        "FederalHealthCenter": 10,
        "PublicHealthClinic": 11,
        "RuralHealthClinic": 12,
        "EmergencyRoomHospital": 13,
        "AmbulatorySurgicalCenter": 14,
        "TelehealthOutsideHome": 15,
        "TelehealthInHome": 16,
        "OutreachSiteOrStreet": 17,
    },
)

# Appointment statuses that hold their operatory's time (a broken appointment stays on the
# book until it is sent to the unscheduled list, as in Open Dental's appointment module).
OCCUPYING_STATUSES: tuple[int, ...] = (1, 2, 4, 5)
SCHEDULED = 1
BROKEN = 5
UNSCHED_LIST = 3

# deletedobject.ObjectType (Open Dental's DeletedObjectType)
DELETED_APPOINTMENT = 0

SCHED_PRACTICE = 0
SCHED_PROVIDER = 1


# -- Clinical (issue 15, clinical part)
# ProblemStatus: apidiseases.html's ProbStatus ("Active", "Resolved" or "Inactive").
PROB_STATUS = OdEnum("ProbStatus", {"Active": 0, "Resolved": 1, "Inactive": 2})
# SnomedAllergy: an allergy definition's kind; apiallergies.html shows "None" for the first.
SNOMED_ALLERGY = OdEnum(
    "SnomedType",
    {
        "None": 0,
        "AllergyToSubstance": 1,
        "DrugAllergy": 2,
        "DrugIntolerance": 3,
        "FoodAllergy": 4,
        "FoodIntolerance": 5,
        "AdverseReactions": 6,
        "DrugAdverseReaction": 7,
        "FoodAdverseReaction": 8,
    },
)
# PatFieldType; InCaseOfEmergency is obsolete (no longer offered), so never accepted.
PAT_FIELD_TYPE = OdEnum(
    "FieldType",
    {
        "Text": 0,
        "PickList": 1,
        "Date": 2,
        "Checkbox": 3,
        "Currency": 4,
        "InCaseOfEmergency": 5,
        "CareCreditStatus": 6,
        "CareCreditPreApprovalAmt": 7,
        "CareCreditAvailableCredit": 8,
    },
    hidden=("InCaseOfEmergency",),
)
# ToothInitialType; the API creates only the first three (apitoothinitials.html).
TOOTH_INITIAL_TYPE = OdEnum(
    "InitialType",
    {
        "Missing": 0,
        "Hidden": 1,
        "Primary": 2,
        "ShiftM": 3,
        "ShiftO": 4,
        "ShiftB": 5,
        "Rotate": 6,
        "TipM": 7,
        "TipB": 8,
        "Drawing": 9,
        "Text": 10,
    },
    hidden=("ShiftM", "ShiftO", "ShiftB", "Rotate", "TipM", "TipB", "Drawing", "Text"),
)

# Every enumeration a served field carries, by the field's JSON name: the serializers and the
# write parsers both use these tables, and the wire tests check every value against them.
FIELD_ENUMS: dict[str, OdEnum] = {
    "PatStatus": PAT_STATUS,
    "Gender": GENDER,
    "Position": POSITION,
    "PreferConfirmMethod": CONTACT_METHOD,
    "PreferContactMethod": CONTACT_METHOD,
    "PreferRecallMethod": CONTACT_METHOD,
    "TxtMsgOk": YES_NO_UNKNOWN,
    "AptStatus": APT_STATUS,
    "Priority": APT_PRIORITY,  # appointments; a procedure's Priority is a definition number
    "ProcStatus": PROC_STATUS,
    "PlaceService": PLACE_SERVICE,
    "Mode_": COMM_MODE,
    "SentOrReceived": SENT_OR_RECEIVED,
    "CommSource": COMM_SOURCE,
    "ProvStatus": PROV_STATUS,
    "ProcessStatus": PROCESS_STATUS,
    "PaymentSource": PAYMENT_SOURCE,
    "ProbStatus": PROB_STATUS,
    "defSnomedType": SNOMED_ALLERGY,
    "FieldType": PAT_FIELD_TYPE,
    "InitialType": TOOTH_INITIAL_TYPE,
}


def od_bool(value: int | bool) -> str:
    """Open Dental sends booleans as the strings "true"/"false"."""
    return "true" if value else "false"


# -- Insurance and claims (issue 15, insurance part). Integers are Open Dental's.
TREAT_AREA = OdEnum(
    "TreatmentArea",
    {
        "None": 0,
        "Surf": 1,
        "Tooth": 2,
        "Mouth": 3,
        "Quad": 4,
        "Sextant": 5,
        "Arch": 6,
        "ToothRange": 7,
    },
)
# ToothPaintingType, in the order apiprocedurecodes.html lists its words.
PAINT_TYPE = OdEnum(
    "PaintType",
    {
        word: i
        for i, word in enumerate(
            [
                "None",
                "Extraction",
                "Implant",
                "RCT",
                "PostBU",
                "FillingDark",
                "FillingLight",
                "CrownDark",
                "CrownLight",
                "BridgeDark",
                "BridgeLight",
                "DentureDark",
                "DentureLight",
                "Sealant",
                "Veneer",
                "Text",
                "RetainedRoot",
                "SpaceMaintainer",
            ]
        )
    },
)
SUBST_ONLY_IF = OdEnum(
    "SubstOnlyIf", {"Always": 0, "Molar": 1, "SecondMolar": 2, "Never": 3, "Posterior": 4}
)
NO_SEND_ELECT = OdEnum("NoSendElect", {"SendElect": 0, "NoSendElect": 1, "NoSendSecondaryElect": 2})
COB_RULE = OdEnum("CobRule", {"Basic": 0, "Standard": 1, "CarveOut": 2, "SecondaryMedicaid": 3})
EXCLUSION_FEE_RULE = OdEnum(
    "ExclusionFeeRule", {"PracticeDefault": 0, "DoNothing": 1, "UseUcrFee": 2}
)
# YN as the insurance plan's write-off overrides show it: Unknown reads "Default".
YN_DEFAULT = OdEnum("YNDefault", {"Default": 0, "Yes": 1, "No": 2})
# Relat; apipatplans.html spells InjuredPlaintiff "InjuredPlantiff", accepted as well.
RELATIONSHIP = OdEnum(
    "Relat",
    {
        "Self": 0,
        "Spouse": 1,
        "Child": 2,
        "Employee": 3,
        "HandicapDep": 4,
        "SignifOther": 5,
        "InjuredPlaintiff": 6,
        "LifePartner": 7,
        "Dependent": 8,
    },
    aliases={"InjuredPlantiff": "InjuredPlaintiff"},
)
BENEFIT_TYPE = OdEnum(
    "InsBenefitType",
    {
        "ActiveCoverage": 0,
        "CoInsurance": 1,
        "Deductible": 2,
        "CoPayment": 3,
        "Exclusions": 4,
        "Limitations": 5,
        "WaitingPeriod": 6,
    },
)
TIME_PERIOD = OdEnum(
    "BenefitTimePeriod",
    {
        "None": 0,
        "ServiceYear": 1,
        "CalendarYear": 2,
        "Lifetime": 3,
        "Years": 4,
        "NumberInLast12Months": 5,
    },
)
QUANTITY_QUALIFIER = OdEnum(
    "BenefitQuantity",
    {"None": 0, "NumberOfServices": 1, "AgeLimit": 2, "Visits": 3, "Years": 4, "Months": 5},
)
COVERAGE_LEVEL = OdEnum("BenefitCoverageLevel", {"None": 0, "Individual": 1, "Family": 2})
EBENEFIT_CAT = OdEnum(
    "EbenefitCategory",
    {
        word: i
        for i, word in enumerate(
            [
                "None",
                "General",
                "Diagnostic",
                "Periodontics",
                "Restorative",
                "Endodontics",
                "MaxillofacialProsth",
                "Crowns",
                "Accident",
                "Orthodontics",
                "Prosthodontics",
                "OralSurgery",
                "RoutinePreventive",
                "DiagnosticXRay",
                "Adjunctive",
            ]
        )
    },
)
FEE_SCHED_TYPE = OdEnum(
    "FeeScheduleType",
    {"Normal": 0, "CoPay": 1, "OutNetwork": 2, "FixedBenefit": 3, "ManualBlueBook": 4},
)
VERIFY_TYPE = OdEnum(
    "VerifyTypes", {"None": 0, "PatientEnrollment": 1, "InsuranceBenefit": 2}, hidden=("None",)
)
CLAIMPROC_STATUS = OdEnum(
    "ClaimProcStatus",
    {
        "NotReceived": 0,
        "Received": 1,
        "Preauth": 2,
        "Adjustment": 3,
        "Supplemental": 4,
        "CapClaim": 5,
        "Estimate": 6,
        "CapComplete": 7,
        "CapEstimate": 8,
        "InsHist": 9,
    },
)
CP_NOT_RECEIVED, CP_RECEIVED, CP_PREAUTH, CP_ADJUSTMENT, CP_SUPPLEMENTAL = 0, 1, 2, 3, 4
CP_ESTIMATE = 6

FIELD_ENUMS.update(
    {
        "TreatArea": TREAT_AREA,
        "PaintType": PAINT_TYPE,
        "SubstOnlyIf": SUBST_ONLY_IF,
        "NoSendElect": NO_SEND_ELECT,
        "CobRule": COB_RULE,
        "ExclusionFeeRule": EXCLUSION_FEE_RULE,
        "InsPlansZeroWriteOffsOnAnnualMaxOverride": YN_DEFAULT,
        "InsPlansZeroWriteOffsOnFreqOrAgingOverride": YN_DEFAULT,
        "Relationship": RELATIONSHIP,
        "PatRelat": RELATIONSHIP,
        "PatRelat2": RELATIONSHIP,
        "BenefitType": BENEFIT_TYPE,
        "TimePeriod": TIME_PERIOD,
        "QuantityQualifier": QUANTITY_QUALIFIER,
        "CoverageLevel": COVERAGE_LEVEL,
        "EbenefitCat": EBENEFIT_CAT,
        "FeeSchedType": FEE_SCHED_TYPE,
        "VerifyType": VERIFY_TYPE,
        "Status": CLAIMPROC_STATUS,  # a claimproc's
    }
)


# --- Issue 15, account part: treatment plans, payment plans, statements.
TP_STATUS = OdEnum("TPStatus", {"Saved": 0, "Active": 1, "Inactive": 2})
TP_TYPE = OdEnum("TPType", {"Insurance": 0, "Discount": 1})
PAY_SCHEDULE = OdEnum(
    "PaySchedule",
    {"Monthly": 0, "MonthlyDayOfWeek": 1, "Weekly": 2, "BiWeekly": 3, "Quarterly": 4},
)
CHARGE_FREQUENCY = OdEnum(
    "ChargeFrequency",
    {"Weekly": 0, "EveryOtherWeek": 1, "OrdinalWeekday": 2, "Monthly": 3, "Quarterly": 4},
)
DYNAMIC_TP_OPTION = OdEnum(
    "DynamicPayPlanTPOption", {"None": 0, "AwaitComplete": 1, "TreatAsComplete": 2}
)
CHARGE_TYPE = OdEnum("ChargeType", {"Debit": 0, "Credit": 1})
PAY_PLAN_LINK_TYPE = OdEnum("LinkType", {"None": 0, "Procedure": 1, "Adjustment": 2})
PAY_PLAN_DEBIT_TYPE = OdEnum("PayPlanDebitType", {"Unknown": 0, "Principal": 1, "Interest": 2})
STATEMENT_MODE = OdEnum("Mode_", {"InPerson": 0, "Mail": 1, "Email": 2, "Electronic": 3})
ACCOUNT_FIELD_ENUMS: dict[str, OdEnum] = {
    "TPStatus": TP_STATUS,
    "TPType": TP_TYPE,
    "PaySchedule": PAY_SCHEDULE,
    "ChargeFrequency": CHARGE_FREQUENCY,
    "DynamicPayPlanTPOption": DYNAMIC_TP_OPTION,
    "ChargeType": CHARGE_TYPE,
    "PayPlanDebitType": PAY_PLAN_DEBIT_TYPE,
}
FIELD_ENUMS.update(ACCOUNT_FIELD_ENUMS)
TASK_STATUS = OdEnum("TaskStatus", {"New": 0, "Viewed": 1, "Done": 2})
TASK_DATE_TYPE = OdEnum("DateType", {"None": 0, "Day": 1, "Week": 2, "Month": 3})
TASK_OBJECT_TYPE = OdEnum("ObjectType", {"None": 0, "Patient": 1, "Appointment": 2})
TASK_REMINDER_TYPE = OdEnum(
    "ReminderType",
    {"NoReminder": 0, "Once": 1, "Daily": 2, "Weekly": 4, "Monthly": 8, "Yearly": 16},
)
TASK_LIST_STATUS = OdEnum("TaskListStatus", {"Active": 0, "Archived": 1})
# ("ObjectType" and "DateType" name other things on other pages, so they stay out.)
FIELD_ENUMS.update(
    {
        "TaskStatus": TASK_STATUS,
        "ReminderType": TASK_REMINDER_TYPE,
        "TaskListStatus": TASK_LIST_STATUS,
    }
)
