"""The strict client's models of the account part's GET routes (issue 15), read off Open
Dental's pages by hand like ``od_client``'s: strict types, no fields beyond the page's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from tests.wire.od_client import Appointment, Date, DateTime, Digits, Flag, Money, OdModel

MaybeDate = Date | Literal[""]
MaybeMoney = Money | Literal[""]
MaybeDigits = Digits | Literal[""]
AptStatus = Literal[
    "Scheduled", "Complete", "UnschedList", "ASAP", "Broken", "Planned", "PtNote",
    "PtNoteCompleted",
]  # fmt: skip


class Adjustment(OdModel):
    """apiadjustments.html § Adjustments GET."""

    AdjNum: int
    AdjDate: Date
    AdjAmt: float
    PatNum: int
    AdjType: int
    adjType: str
    ProvNum: int
    AdjNote: str
    ProcDate: Date
    ProcNum: int
    DateEntry: Date
    ClinicNum: int
    SecUserNumEntry: int
    SecDateTEdit: DateTime


class PaySplit(OdModel):
    """apipaysplits.html § PaySplits GET."""

    SplitNum: int
    SplitAmt: float
    PatNum: int
    PayNum: int
    ProvNum: int
    PayPlanNum: int
    DatePay: Date
    ProcNum: int
    DateEntry: Date
    UnearnedType: int
    unearnedType: str
    ClinicNum: int
    SecDateTEdit: Date
    AdjNum: int
    PayPlanChargeNum: int
    PayPlanDebitType: Literal["Unknown", "Principal", "Interest"]


class PayPlan(OdModel):
    """apipayplans.html § PayPlans GET (single/multiple)."""

    PayPlanNum: int
    PatNum: int
    Guarantor: int
    PayPlanDate: Date
    APR: float
    Note: str
    PlanNum: int
    CompletedAmt: float
    InsSubNum: int
    PaySchedule: Literal["Monthly", "MonthlyDayOfWeek", "Weekly", "BiWeekly", "Quarterly"]
    NumberOfPayments: int
    PayAmt: float
    DownPayment: float
    IsClosed: Flag
    PlanCategory: int
    planCategory: str
    IsDynamic: Flag
    ChargeFrequency: Literal["Weekly", "EveryOtherWeek", "OrdinalWeekday", "Monthly", "Quarterly"]
    DatePayPlanStart: Date
    IsLocked: Flag
    DateInterestStart: Date
    DynamicPayPlanTPOption: Literal["None", "AwaitComplete", "TreatAsComplete"]
    principalAmount: float
    SheetDefNum: int


class PayPlanCharge(OdModel):
    """apipayplancharges.html § PayPlanCharges GET."""

    PayPlanChargeNum: int
    PayPlanNum: int
    Guarantor: int
    PatNum: int
    ChargeDate: Date
    Principal: float
    Interest: float
    Note: str
    ProvNum: int
    ClinicNum: int
    ChargeType: Literal["Debit", "Credit"]
    ProcNum: int
    SecDateTEntry: DateTime
    SecDateTEdit: DateTime
    StatementNum: int
    FKey: int
    LinkType: Literal["None", "Procedure", "Adjustment"]
    IsOffset: Flag


class Statement(OdModel):
    """apistatements.html § Statements GET (single/multiple)."""

    StatementNum: int
    PatNum: int
    DateSent: Date
    DateRangeFrom: Date
    DateRangeTo: Date
    Note: str
    NoteBold: str
    Mode_: Literal["InPerson", "Mail", "Email", "Electronic"]
    HidePayment: Flag
    SinglePatient: Flag
    Intermingled: Flag
    IsSent: Flag
    DocNum: int
    DateTStamp: DateTime
    IsReceipt: Flag
    IsInvoice: Flag
    IsInvoiceCopy: Flag
    SuperFamily: int
    IsBalValid: Flag
    InsEst: float
    BalTotal: float
    StatementType: str


class TreatPlan(OdModel):
    """apitreatplans.html § TreatPlans GET."""

    TreatPlanNum: int
    PatNum: int
    DateTP: Date
    Heading: str
    Note: str
    SigIsTopaz: Flag
    ResponsParty: int
    DocNum: int
    TPStatus: Literal["Saved", "Active", "Inactive"]
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime
    UserNumPresenter: int
    TPType: Literal["Insurance", "Discount"]
    DateTSigned: DateTime
    DateTPracticeSigned: DateTime
    SignatureText: str
    SignaturePracticeText: str
    isSigned: Flag
    isSignedPractice: Flag


class ProcTP(OdModel):
    """apiproctps.html § ProcTPs GET."""

    ProcTPNum: int
    TreatPlanNum: int
    PatNum: int
    ProcNumOrig: int
    ItemOrder: int
    Priority: int
    priority: str
    ToothNumTP: str
    Surf: str
    ProcCode: str
    Descript: str
    FeeAmt: float
    PriInsAmt: float
    SecInsAmt: float
    PatAmt: float
    Discount: float
    Prognosis: str
    Dx: str
    ProcAbbr: str
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime
    FeeAllowed: float
    TaxAmt: float
    ProvNum: int
    DateTP: Date
    ClinicNum: int
    CatPercUCR: float


class TreatPlanAttach(OdModel):
    """apitreatplanattaches.html § TreatPlanAttaches GET."""

    TreatPlanAttachNum: int
    TreatPlanNum: int
    ProcNum: int
    Priority: int
    priority: str


class GroupNote(OdModel):
    """apiprocedurelogs.html § ProcedureLogs GET GroupNotes (C#'s "True"/"False")."""

    PatNum: int
    ProvNum: int
    ProcNum: int
    ProcNums: list[int]
    Note: str
    isSigned: Literal["True", "False"]


class Aging(OdModel):
    """apiaccountmodules.html § AccountModules GET Aging."""

    Bal_0_30: float
    Bal_31_60: float
    Bal_61_90: float
    BalOver90: float
    Total: float
    InsEst: float
    EstBal: float
    PatEstBal: float
    Unearned: float


class PatientBalance(OdModel):
    """apiaccountmodules.html § AccountModules GET PatientBalances."""

    PatNum: int
    Name: str
    Balance: float


class ServiceDateRow(OdModel):
    """apiaccountmodules.html § AccountModules GET ServiceDateView: every value a string."""

    ObjectType: Literal[
        "Procedure", "Adjustment", "PaySplit", "ClaimProc", "PayPlanCharge", "PayPlan", ""
    ]
    PrimaryKey: MaybeDigits
    Type: str
    ServiceDate: MaybeDate
    TransDate: MaybeDate
    Patient: str
    PatNum: MaybeDigits
    Reference: str
    Charge: Money
    Credit: Money
    Provider: str
    InsBal: MaybeMoney
    AcctBal: MaybeMoney


class ProgNote(OdModel):
    """apichartmodules.html § ChartModules GET ProgNotes: every value a string."""

    ObjectType: Literal[
        "Appointment", "Procedure", "Commlog", "Task", "Email", "LabCase", "Rx", "Sheet"
    ]
    PrimaryKey: Digits
    Date: str
    Time: str
    DateTime: str
    Th: str
    Surf: str
    Dx: str
    Description: str
    note: str
    Stat: str
    Prov: str
    ProvNum: MaybeDigits
    Amount: MaybeMoney
    ProcCode: str
    User: str
    Signed: Literal["Signed", ""]
    Length: str
    Abbr: str
    Clinic: str
    ClinicNum: Digits


class PatientInfoRow(OdModel):
    """apichartmodules.html § ChartModules GET PatientInfo."""

    Field: str
    Content: str


class PlannedAppt(OdModel):
    """apichartmodules.html § ChartModules GET PlannedAppts: every value a string."""

    AptNum: Digits
    ProvNum: Digits
    ItemOrder: Digits
    minutes: Digits
    ProcDescript: str
    Note: str
    dateSched: DateTime
    AptStatus: AptStatus


class Slot(OdModel):
    """apiappointments.html § Appointments GET SlotsWebSched."""

    DateTimeStart: DateTime
    DateTimeEnd: DateTime
    ProvNum: int
    OpNum: int


class WebSchedAppointment(OdModel):
    """apiappointments.html § Appointments GET WebSched (IsHygiene as C#'s "True"/"False")."""

    AptNum: int
    PatNum: int
    AptStatus: AptStatus
    Pattern: str
    Confirmed: int
    confirmed: str
    Op: int
    Note: str
    ProvNum: int
    provAbbr: str
    ProvHyg: int
    AptDateTime: DateTime
    NextAptNum: int
    UnschedStatus: int
    unschedStatus: str
    ProcDescript: str
    ClinicNum: int
    IsHygiene: Literal["True", "False"]
    DateTStamp: DateTime
    DateTimeArrived: DateTime
    DateTimeSeated: DateTime
    DateTimeDismissed: DateTime
    AppointmentTypeNum: int
    eServiceLogType: Literal["None", "Recall", "NewPat", "ExistingPat", "ASAP"]
    serverDateTime: DateTime


class Schedule(OdModel):
    """apischedules.html § Schedules GET (single/multiple): every value a string."""

    ScheduleNum: Digits
    SchedDate: Date
    StartTime: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}:\d{2}$")]
    StopTime: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}:\d{2}$")]
    SchedType: Literal["Practice", "Provider", "Blockout", "Employee", "WebSchedASAP"]
    ProvNum: Digits
    BlockoutType: Digits
    blockoutType: str
    Note: str
    operatories: Annotated[str, StringConstraints(pattern=r"^(\d+(,\d+)*)?$")]
    EmployeeNum: Digits
    DateTStamp: DateTime


class ScheduleOp(OdModel):
    """apischeduleops.html § ScheduleOps GET."""

    ScheduleOpNum: int
    ScheduleNum: int
    OperatoryNum: int


class AppointmentType(OdModel):
    """apiappointmenttypes.html § AppointmentTypes GET."""

    AppointmentTypeNum: int
    AppointmentTypeName: str
    appointmentTypeColor: Annotated[str, StringConstraints(pattern=r"^\d{1,3},\d{1,3},\d{1,3}$")]
    IsHidden: Flag
    Pattern: str
    CodeStr: str
    CodeStrRequired: str
    RequiredProcCodesNeeded: Literal["None", "AtLeastOne", "All"]
    BlockoutTypes: str


class Definition(OdModel):
    """apidefinitions.html § Definitions GET."""

    DefNum: int
    ItemName: str
    ItemValue: str
    Category: int
    category: str
    isHidden: Flag


class UserGroup(OdModel):
    """apiusergroups.html § UserGroups GET."""

    UserGroupNum: int
    Description: str
    UserGroupNumCEMT: int


TaskDateType = Literal["None", "Day", "Week", "Month"]
TaskObjectType = Literal["None", "Patient", "Appointment"]


class TaskList(OdModel):
    """apitasklists.html § TaskLists GET."""

    TaskListNum: int
    Descript: str
    Parent: int
    DateTL: Date
    IsRepeating: Flag
    DateType: TaskDateType
    FromNum: int
    ObjectType: TaskObjectType
    DateTimeEntry: DateTime
    TaskListStatus: Literal["Active", "Archived"]


class Task(OdModel):
    """apitasks.html § Tasks GET (multiple)."""

    TaskNum: int
    TaskListNum: int
    DateTask: Date
    KeyNum: int
    Descript: str
    TaskStatus: Literal["New", "Viewed", "Done"]
    IsRepeating: Flag
    DateType: TaskDateType
    FromNum: int
    ObjectType: TaskObjectType
    DateTimeEntry: DateTime
    UserNum: int
    DateTimeFinished: DateTime
    PriorityDefNum: int
    ReminderGroupId: str
    ReminderType: Literal["NoReminder", "Once", "Daily", "Weekly", "Monthly", "Yearly"]
    ReminderFrequency: int
    DateTimeOriginal: DateTime
    SecDateTEdit: DateTime
    DescriptOverride: str
    IsReadOnly: Flag


class InsuranceHistoryRow(OdModel):
    """apiprocedurelogs.html § ProcedureLogs GET InsuranceHistory."""

    insHistPrefName: str
    procDate: Date | Literal["No History", "Not Set"]
    ProcNum: int


class Sheet(OdModel):
    """apisheets.html § Sheets GET."""

    SheetNum: int
    SheetType: str
    PatNum: int
    DateTimeSheet: DateTime
    InternalNote: str
    Description: str
    IsWebForm: Flag
    SheetDefNum: int
    DocNum: int
    ClinicNum: int
    DateTSheetEdited: DateTime


# Every GET route of the account part: its model, whether it answers a list, and the query a
# demo read needs ({} for none; a value "*" is filled from the first row of the named list).
ACCOUNT_ROUTES: dict[str, tuple[type[OdModel], bool]] = {
    "/appointments/ASAP": (Appointment, True),
    "/appointments/WebSched": (WebSchedAppointment, True),
    "/appointments/SlotsWebSched": (Slot, True),
    "/procedurelogs/GroupNotes": (GroupNote, True),
    "/procedurelogs/InsuranceHistory": (InsuranceHistoryRow, True),
    "/adjustments": (Adjustment, True),
    "/paysplits": (PaySplit, True),
    "/payplans": (PayPlan, True),
    "/payplans/{PayPlanNum}": (PayPlan, False),
    "/payplancharges": (PayPlanCharge, True),
    "/statements": (Statement, True),
    "/statements/{StatementNum}": (Statement, False),
    "/treatplans": (TreatPlan, True),
    "/proctps": (ProcTP, True),
    "/treatplanattaches": (TreatPlanAttach, True),
    "/accountmodules/{PatNum}/Aging": (Aging, False),
    "/accountmodules/{PatNum}/PatientBalances": (PatientBalance, True),
    "/accountmodules/{PatNum}/ServiceDateView": (ServiceDateRow, True),
    "/chartmodules/{PatNum}/ProgNotes": (ProgNote, True),
    "/chartmodules/{PatNum}/PatientInfo": (PatientInfoRow, True),
    "/chartmodules/{PatNum}/PlannedAppts": (PlannedAppt, True),
    "/schedules": (Schedule, True),
    "/schedules/{ScheduleNum}": (Schedule, False),
    "/scheduleops": (ScheduleOp, True),
    "/appointmenttypes": (AppointmentType, True),
    "/definitions": (Definition, True),
    "/usergroups": (UserGroup, True),
    "/tasklists": (TaskList, True),
    "/tasks": (Task, True),
    "/sheets": (Sheet, True),
}
