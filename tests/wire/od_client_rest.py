"""The strict client's models of the GET routes of the rest of issue 15, read off Open Dental's
pages by hand like ``od_client``'s: strict types, no fields beyond the page's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from tests.wire.od_client import Date, DateTime, Digits, Flag, OdModel

Relationship = Literal[
    "Self", "Spouse", "Child", "Employee", "HandicapDep", "SignifOther", "InjuredPlaintiff",
    "LifePartner", "Dependent",
]  # fmt: skip


class FamilyInsurance(OdModel):
    """apifamilymodules.html § FamilyModules GET Insurance."""

    PatNum: int
    InsSubNum: int
    Subscriber: int
    subscriber: str
    SubscriberID: str
    SubscNote: str
    PatPlanNum: int
    Ordinal: int
    ordinal: Literal["Primary", "Secondary", "Medical", "Other"]
    IsPending: Flag
    Relationship: Relationship
    PatID: str
    CarrierNum: int
    CarrierName: str
    PlanNum: int
    GroupName: str
    GroupNum: str
    PlanNote: str
    FeeSched: int
    feeSchedule: str
    PlanType: Literal["", "p", "f", "c"]
    planType: Literal[
        "Category Percentage", "PPO Fixed Benefit", "PPO Percentage", "Medicaid or Flat Co-pay",
        "Capitation",
    ]  # fmt: skip
    CopayFeeSched: int
    EmployerNum: int
    employer: str
    IsMedical: Flag


Interval = Annotated[str, StringConstraints(pattern=r"^(\d+y)?(\d+m)?(\d+w)?(\d+d)?$")]
ShortDate = Annotated[str, StringConstraints(pattern=r"^(\d{1,2}/\d{1,2}/\d{4})?$")]


class Recall(OdModel):
    """apirecalls.html § Recalls GET."""

    RecallNum: int
    PatNum: int
    DateDue: Date
    DatePrevious: Date
    RecallInterval: Interval
    RecallStatus: int
    recallStatus: str
    Note: str
    IsDisabled: Flag
    DateTStamp: DateTime
    RecallTypeNum: int
    DisableUntilBalance: float
    DisableUntilDate: Date
    DateScheduled: Date
    Priority: Literal["Normal", "ASAP"]
    TimePatternOverride: str


class RecallListRow(OdModel):
    """apirecalls.html § Recalls GET List: dates as M/d/yyyy, counts as text."""

    DueDate: ShortDate
    PatNum: int
    Patient: str
    Age: Annotated[str, StringConstraints(pattern=r"^\d*$")]
    Type: str
    Interval: Interval
    NumRemind: Annotated[str, StringConstraints(pattern=r"^\d*$")]
    LastRemind: ShortDate
    Contact: str
    Status: str
    ClinicNum: int
    Note: str


class RecallTypeRow(OdModel):
    """apirecalltypes.html § RecallTypes GET."""

    RecallTypeNum: int
    Description: str
    DefaultInterval: Interval
    TimePattern: str
    Procedures: str
    AppendToSpecial: Flag


class ReferralRow(OdModel):
    """apireferrals.html § Referrals GET."""

    ReferralNum: int
    LName: str
    FName: str
    MName: str
    SSN: str
    UsingTIN: Flag
    Specialty: int
    specialty: str
    ST: str
    Telephone: str
    Address: str
    Address2: str
    City: str
    Zip: str
    Note: str
    Phone2: str
    IsHidden: Flag
    NotPerson: Flag
    Title: str
    EMail: str
    PatNum: int
    IsDoctor: Flag
    DateTStamp: DateTime
    IsPreferred: Flag
    BusinessName: str
    DisplayNote: str
    isPatient: Flag


class RefAttachRow(OdModel):
    """apirefattaches.html § RefAttaches GET."""

    RefAttachNum: int
    ReferralNum: int
    referralName: str
    PatNum: int
    ItemOrder: int
    RefDate: Date
    ReferralType: Literal["RefTo", "RefFrom", "RefCustom"]
    RefToStatus: Literal["None", "Declined", "Scheduled", "Consulted", "InTreatment", "Complete"]
    Note: str
    IsTransitionOfCare: Flag
    ProcNum: int
    DateProcComplete: Date
    ProvNum: int
    DateTStamp: DateTime


class LabCaseRow(OdModel):
    """apilabcases.html § LabCases GET."""

    LabCaseNum: int
    PatNum: int
    LaboratoryNum: int
    AptNum: int
    PlannedAptNum: int
    DateTimeDue: DateTime
    DateTimeCreated: DateTime
    DateTimeSent: DateTime
    DateTimeRecd: DateTime
    DateTimeChecked: DateTime
    ProvNum: int
    Instructions: str
    LabFee: float
    DateTStamp: DateTime
    InvoiceNum: str


class LaboratoryRow(OdModel):
    """apilaboratories.html § Laboratories GET."""

    LaboratoryNum: int
    Description: str
    Phone: str
    Notes: str
    Slip: int
    Address: str
    City: str
    State: str
    Zip: str
    Email: str
    WirelessPhone: str
    IsHidden: Flag


class PerioExamRow(OdModel):
    """apiperioexams.html § PerioExams GET."""

    PerioExamNum: int
    PatNum: int
    ExamDate: Date
    ProvNum: int
    DateTMeasureEdit: DateTime
    Note: str


class PerioMeasureRow(OdModel):
    """apiperiomeasures.html § PerioMeasures GET."""

    PerioMeasureNum: int
    PerioExamNum: int
    SequenceType: Literal[
        "Mobility", "Furcation", "GingMargin", "MGJ", "Probing", "SkipTooth", "BleedSupPlaqCalc"
    ]
    IntTooth: int
    ToothValue: int
    MBvalue: int
    Bvalue: int
    DBvalue: int
    MLvalue: int
    Lvalue: int
    DLvalue: int
    SecDateTEdit: DateTime


class DocumentRow(OdModel):
    """apidocuments.html § Documents GET (single)."""

    DocNum: int
    Description: str
    DateCreated: DateTime
    DocCategory: int
    docCategory: str
    PatNum: int
    FileName: str
    ImgType: Literal["Document", "Radiograph", "Photo", "File", "Attachment"]
    ToothNumbers: str
    DateTStamp: DateTime
    ProvNum: int
    PrintHeading: Flag


class DocumentListRow(OdModel):
    """apidocuments.html § Documents GET (multiple): PatNum and ProvNum as strings."""

    DocNum: int
    MountNum: int
    filePath: str
    Description: str
    PatNum: Digits
    Note: str
    DateCreated: DateTime
    docCategory: str
    DocCategory: int
    ToothNumbers: str
    ProvNum: Digits
    PrintHeading: Flag | Literal[""]
    DateTStamp: DateTime | Literal[""]
    serverDateTime: DateTime


class TaskNoteRow(OdModel):
    """apitasknotes.html § TaskNotes GET."""

    TaskNoteNum: int
    TaskNum: int
    UserNum: int
    DateTimeNote: DateTime
    Note: str


class SheetFieldRow(OdModel):
    """apisheetfields.html § SheetFields GET."""

    SheetFieldNum: int
    SheetNum: int
    FieldType: Literal[
        "OutputText", "InputField", "StaticText", "Parameter", "Image", "Drawing", "Line",
        "Rectangle", "CheckBox", "SigBox", "PatImage", "Special", "Grid", "ComboBox",
        "ScreenChart", "MobileHeader", "SigBoxPractice",
    ]  # fmt: skip
    FieldName: str
    FieldValue: str
    IsRequired: Flag
    ReportableName: str
    DateTimeSig: DateTime


# GET route template -> (model, whether the answer is a list)
REST_ROUTES: dict[str, tuple[type[OdModel], bool]] = {
    "/familymodules/{PatNum}/Insurance": (FamilyInsurance, True),
    "/recalls": (Recall, True),
    "/recalls/List": (RecallListRow, True),
    "/recalltypes": (RecallTypeRow, True),
    "/recalltypes/{RecallTypeNum}": (RecallTypeRow, False),
    "/referrals": (ReferralRow, True),
    "/referrals/{ReferralNum}": (ReferralRow, False),
    "/refattaches": (RefAttachRow, True),
    "/labcases": (LabCaseRow, True),
    "/labcases/{LabCaseNum}": (LabCaseRow, False),
    "/laboratories": (LaboratoryRow, True),
    "/laboratories/{LaboratoryNum}": (LaboratoryRow, False),
    "/perioexams": (PerioExamRow, True),
    "/perioexams/{PerioExamNum}": (PerioExamRow, False),
    "/periomeasures": (PerioMeasureRow, True),
    "/documents": (DocumentListRow, True),
    "/documents/{DocNum}": (DocumentRow, False),
    "/tasknotes": (TaskNoteRow, True),
    "/tasknotes/{TaskNoteNum}": (TaskNoteRow, False),
    "/sheetfields": (SheetFieldRow, True),
    "/sheetfields/{SheetFieldNum}": (SheetFieldRow, False),
}

# GET routes that answer a file, not JSON: no model (tests/office_rest/test_documents.py).
FILE_ROUTES = frozenset({"GET /documents/{DocNum}/Download"})
